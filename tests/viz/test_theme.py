"""The shared look: palette contrast, projector sizes, layout settings."""

import plotly.graph_objects as go
import pytest

from viz import CLASS_COLOURS, CLASS_DASHES, CLASS_SYMBOLS, Look, apply_look, probability_scale

LIGHT_BACKGROUND, DARK_BACKGROUND = "#FFFFFF", "#0E1117"  # Streamlit's page backgrounds


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_classes_differ_in_colour_shape_and_dash():
    """Nothing depends on colour alone: each class has its own symbol and dash too."""
    assert len(set(CLASS_COLOURS)) == len(set(CLASS_SYMBOLS)) == len(set(CLASS_DASHES)) == 5


@pytest.mark.parametrize("dark", [False, True])
def test_outlines_and_text_contrast_with_the_background(dark):
    """Marker outlines reach 3:1 and text 4.5:1 against the page in both themes."""
    look = Look(dark=dark)
    background = DARK_BACKGROUND if dark else LIGHT_BACKGROUND
    assert contrast(look.outline, background) >= 3.0
    assert contrast(look.text, background) >= 4.5


def test_first_two_class_colours_reach_3_to_1_on_both_backgrounds():
    """The two-class pair is legible as graphics (≥ 3:1) on light and dark pages."""
    for colour in CLASS_COLOURS[:2]:
        assert contrast(colour, LIGHT_BACKGROUND) >= 3.0
        assert contrast(colour, DARK_BACKGROUND) >= 3.0


def test_projector_mode_enlarges_everything():
    """Projector: fonts ≥ 24 px (what carries to the back of a large room), lines ≥ 4 px, markers ≥ 12 px."""
    look = Look(projector=True)
    assert look.font_size >= 24 and look.line_width >= 4 and look.marker_size >= 12
    plain = Look()
    assert plain.font_size < look.font_size and plain.marker_size < look.marker_size


def test_apply_look_sets_fonts_and_scaled_height():
    fig = apply_look(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), Look(projector=True), height=400)
    assert fig.layout.font.size == 24 and fig.layout.xaxis.tickfont.size == 24 and fig.layout.height == 500


@pytest.mark.parametrize("dark", [False, True])
def test_probability_scale_runs_from_class_one_to_class_two(dark):
    scale = probability_scale(Look(dark=dark))
    assert scale[0] == [0.0, CLASS_COLOURS[0]] and scale[-1] == [1.0, CLASS_COLOURS[1]]
