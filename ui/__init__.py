"""The Streamlit frame every page shares: page config, navigation, projector mode, URL notices, sharing."""

from ui.frame import PAGES, current_look, frame, link, show_chart
from ui.params import Choice, Number, check_url_params
from ui.scenarios import SCENARIOS, Scenario
from ui.share import share_link
from ui.worker import in_worker

__all__ = [
    "PAGES",
    "SCENARIOS",
    "Choice",
    "Number",
    "Scenario",
    "check_url_params",
    "current_look",
    "frame",
    "in_worker",
    "link",
    "share_link",
    "show_chart",
]
