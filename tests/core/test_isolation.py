"""core is pure NumPy: importing it loads no Streamlit, Plotly or pandas."""

import subprocess
import sys

from tests.conftest import ROOT

PROBE = "import sys, core; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"


def test_importing_core_loads_no_ui_library():
    """A fresh interpreter that imports core has numpy loaded and none of streamlit, plotly, pandas."""
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "numpy" in loaded and "core" in loaded
    assert loaded.isdisjoint({"streamlit", "plotly", "pandas"})
