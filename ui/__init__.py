"""The Streamlit frame every page shares: page config, navigation, projector mode, URL notices."""

from ui.frame import PAGES, Frame, frame, link, show_chart
from ui.params import Choice, Number, check_url_params

__all__ = ["PAGES", "Choice", "Frame", "Number", "check_url_params", "frame", "link", "show_chart"]
