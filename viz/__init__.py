"""Figure builders: arrays in, ``plotly.graph_objects.Figure`` out. No Streamlit here."""

from viz.theme import CLASS_COLOURS, CLASS_DASHES, CLASS_SYMBOLS, Look, apply_look, probability_scale

__all__ = ["CLASS_COLOURS", "CLASS_DASHES", "CLASS_SYMBOLS", "Look", "apply_look", "probability_scale"]
