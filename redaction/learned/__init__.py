"""A learned PHI detector that joins the rules: trained on gold files and on compliance reviewers' decisions.

from redaction.learned import TrainingText, train_detector, save_detector, load_detector
detector = train_detector(texts)           # texts: labelled spans + the rules' findings
save_detector(detector, "models/deid-1")
engine = build_engine(policy, model="models/deid-1")   # rules + model, combined as the policy says

Torch and transformers load only when a detector is built or loaded.
"""

from redaction.learned.combine import MODEL_RECOGNIZER, combine, disagrees
from redaction.learned.labels import CLASSES, Span, class_of
from redaction.learned.model import Detector, load_detector, save_detector
from redaction.learned.train import TrainingText, TrainSettings, fingerprint, train_detector

__all__ = [
    "CLASSES",
    "MODEL_RECOGNIZER",
    "Detector",
    "Span",
    "TrainSettings",
    "TrainingText",
    "class_of",
    "combine",
    "disagrees",
    "fingerprint",
    "load_detector",
    "save_detector",
    "train_detector",
]
