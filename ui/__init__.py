"""The Streamlit frame every page shares: page config, navigation, projector mode, URL notices, sharing."""

from ui.frame import PAGES, current_look, frame, link, show_chart
from ui.history import keep_history
from ui.lecture import part
from ui.lecture import specs as lecture_specs
from ui.params import Choice, Number, Points, check_url_params
from ui.points_param import KEY as POINTS_KEY
from ui.points_param import keep_points_in_link, linked_points
from ui.scenarios import SCENARIOS, Scenario
from ui.share import share_link
from ui.worker import in_worker

__all__ = [
    "PAGES",
    "POINTS_KEY",
    "SCENARIOS",
    "Choice",
    "Number",
    "Points",
    "Scenario",
    "check_url_params",
    "current_look",
    "frame",
    "in_worker",
    "keep_history",
    "keep_points_in_link",
    "lecture_specs",
    "link",
    "linked_points",
    "part",
    "share_link",
    "show_chart",
]
