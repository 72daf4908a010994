"""lima-kit: offline fine-tuning for organizations whose data may never leave the building."""

import warnings

__version__ = "0.1.0"

# peft (<= 0.21) reads transformers' deprecated `is_gradient_checkpointing` on every PeftModel; the warning
# says nothing a kit user can act on, so it is kept out of the demo's and the CLI's output.
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)
