"""The mathematics of the app, in NumPy only: no Streamlit, Plotly or pandas here."""

from core.activations import log_softmax, logsumexp, sigmoid, softmax
from core.datasets import DATASETS, MAX_CLASSES, make_dataset
from core.descent import LogisticTrajectory, Trajectory, gradient_descent, logistic_gradient_descent
from core.equivalence import logistic_from_softmax
from core.grid import class_probabilities, grid_points
from core.losses import binary_cross_entropy, cross_entropy, cross_entropy_grad, softmax_jacobian
from core.numeric import numerical_gradient
from core.validation import one_hot

__all__ = [
    "DATASETS",
    "MAX_CLASSES",
    "LogisticTrajectory",
    "Trajectory",
    "binary_cross_entropy",
    "class_probabilities",
    "cross_entropy",
    "cross_entropy_grad",
    "gradient_descent",
    "grid_points",
    "log_softmax",
    "logistic_from_softmax",
    "logistic_gradient_descent",
    "logsumexp",
    "make_dataset",
    "numerical_gradient",
    "one_hot",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
]
