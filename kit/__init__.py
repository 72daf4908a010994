"""lima-kit: offline fine-tuning for organizations whose data may never leave the building."""

__version__ = "0.1.0"
