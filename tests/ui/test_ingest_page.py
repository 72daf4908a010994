import json

from kit.records import list_records
from kit.users import Role
from tests.ui.conftest import NOTES, no_exception


def test_when_compliance_imports_a_file_then_records_are_listed(app, ws, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(json.dumps(n) for n in NOTES), encoding="utf-8")
    at = app(Role.COMPLIANCE, "ingest")
    no_exception(at)
    at.text_input[0].input(str(path))
    at.button(key="FormSubmitter:ingest-Import").click().run()
    no_exception(at)
    assert "imported 2 documents" in at.success[0].value
    assert [r.id for r in list_records(ws)] == ["note-1", "note-2"]
    assert len(at.dataframe[0].value) == 2


def test_when_the_file_is_bad_then_the_error_names_the_line_and_nothing_is_imported(app, ws, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(NOTES[0]) + "\n{not json\n", encoding="utf-8")
    at = app(Role.COMPLIANCE, "ingest")
    at.text_input[0].input(str(path))
    at.button(key="FormSubmitter:ingest-Import").click().run()
    no_exception(at)
    assert "bad.jsonl:2" in at.error[0].value
    assert list_records(ws) == []
