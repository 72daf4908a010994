"""Hand a browser upload to a library function that reads a path, without leaving it on disk."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.runtime.uploaded_file_manager import UploadedFile


@contextmanager
def upload_as_file(uploaded: UploadedFile) -> Iterator[Path]:
    """The upload written to a private (0700) temporary folder under its own name, deleted on exit.

    Uploads can hold raw PHI: the copy lives only while the library call reads it.
    """
    with tempfile.TemporaryDirectory(prefix="kit-upload-") as folder:
        path = Path(folder) / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        yield path
