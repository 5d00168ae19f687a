"""The share link's QR code: what a phone reads from it is the link, by a decoder other than the encoder."""

import re

import numpy as np
import pytest

zxingcpp = pytest.importorskip("zxingcpp")

from ui.share import QR_NAME, qr_code, qr_svg  # noqa: E402

SIGMOID = "http://localhost:8501/sigmoid_vs_softmax?w1_1=-1&w1_2=0.5&b1=0.5&w2_1=1&w2_2=1&b2=-0.5&mode=linked"


def grey(dark: np.ndarray, *, scale: int = 4) -> np.ndarray:
    """Modules ``dark`` as a grey image, black on white, ``scale`` pixels a module."""
    return np.kron(np.where(dark, 0, 255).astype(np.uint8), np.ones((scale, scale), dtype=np.uint8))


def pixels(code, *, border: int = 4) -> np.ndarray:
    """The code's own matrix with its quiet zone, as an image."""
    return grey(np.pad(np.array(code.matrix, dtype=bool), border))


def svg_modules(svg: str) -> np.ndarray:
    """The dark modules the SVG draws: segno writes each row's runs as ``M x y.5 h n`` and relative moves."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    grid = np.zeros((size, size), dtype=bool)
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            grid[int(y), int(x) : int(x) + int(float(a))] = True
            x += float(a)
    return grid


@pytest.mark.parametrize(
    "url",
    [
        SIGMOID,
        SIGMOID + "&hide=settings%2Csections&present=1&projector=1",
        "http://127.0.0.1:8501/gradient_descent?data=own&points=" + "0.5_-1.25_0~" * 150,
    ],
    ids=["sigmoid", "lecture view", "150 own points"],
)
def test_the_code_decodes_to_the_link(url):
    """zxing-cpp (C++, not segno) reads back exactly the link from the code, and from the SVG the page shows."""
    code = qr_code(url)
    assert code is not None
    read = zxingcpp.read_barcodes(pixels(code))
    assert [r.text for r in read] == [url] and read[0].format == zxingcpp.BarcodeFormat.QRCode
    shown = svg_modules(qr_svg(code))
    assert shown.shape == (code.symbol_size(border=4)[0],) * 2
    assert [r.text for r in zxingcpp.read_barcodes(grey(shown))] == [url]


def test_a_code_of_another_link_does_not_decode_to_this_one():
    read = zxingcpp.read_barcodes(pixels(qr_code(SIGMOID + "&w_1=2")))
    assert [r.text for r in read] != [SIGMOID]


def test_the_svg_is_named_and_black_on_white():
    svg = qr_svg(qr_code(SIGMOID))
    assert svg.startswith('<svg role="img" ') and f"<title>{QR_NAME}</title>" in svg
    assert '<path fill="#fff" d="M0 0h' in svg and 'class="qrline" stroke="#000"' in svg


def test_a_link_longer_than_a_code_holds_has_none():
    """2,953 bytes is the most a QR code holds (version 40, level L); one more and there is no code."""
    base = "http://h/?p="
    assert qr_code(base + "x" * (2953 - len(base))) is not None
    assert qr_code(base + "x" * (2954 - len(base))) is None
