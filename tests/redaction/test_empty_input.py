"""An input without records is a clear error for ``kit redact detect|apply``, and nothing is written (issue 16).

An empty output file would look like a finished run over a file that had no PHI.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kit.cli import app
from redaction.errors import InputFileError
from redaction.files import EMPTY_INPUT, apply_file, detect_file, read_records

runner = CliRunner()


@pytest.mark.parametrize("command", ["detect", "apply"])
@pytest.mark.parametrize("content", ["", "\n", "\n  \n\r\n"], ids=["empty", "newline", "blank-lines"])
def test_when_the_input_holds_no_records_then_the_cli_names_the_file_and_writes_nothing(tmp_path, command, content):
    source = tmp_path / "empty.jsonl"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir()
    result = runner.invoke(app, ["redact", command, "--input", str(source), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert str(source) in result.output and "holds no records" in result.output
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []  # neither the output nor a temporary file


def test_read_records_refuses_an_empty_file_only_when_asked(tmp_path):
    source = tmp_path / "empty.jsonl"
    source.write_text("\n", encoding="utf-8")
    assert read_records(source) == []
    with pytest.raises(InputFileError) as err:
        read_records(source, allow_empty=False)
    assert err.value.path == str(source) and err.value.message == EMPTY_INPUT


@pytest.mark.parametrize(
    "write", [detect_file, lambda e, i, o: apply_file(e, i, o, b"k" * 32)], ids=["detect", "apply"]
)
def test_when_the_library_gets_an_empty_input_then_it_raises_before_writing(engine, tmp_path, write):
    source = tmp_path / "empty.jsonl"
    source.write_text("", encoding="utf-8")
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir()
    with pytest.raises(InputFileError, match="holds no records"):
        write(engine, source, out)
    assert list(out.parent.iterdir()) == []
