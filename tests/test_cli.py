"""The command line as a user runs it: exit codes and the words of the output."""

import csv
import io

import pytest

from hipskg.catalogue import resolve_entity
from hipskg.cli import main
from hipskg.sparql import QueryError


def test_build_validates_and_answers_the_example_questions(capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "Validation: conforms: 0 violations" in out
    assert "Which training covers CERAF?" in out
    assert "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)" in out
    assert "Which bodies feed into the HIPS Executive?" in out
    assert "Portsmouth Safeguarding Children Partnership" in out


def test_query_by_label_as_csv(capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAf", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["title"] for row in rows] == [
        "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)",
        "Child Exploitation - As a Health Professional, What Do You Need to Know? (Health CERAF)",
    ]
    assert (
        rows[0]["course"] == "https://w3id.org/hipskg/id/course/introduction-to-the-child-exploitation-risk-assessment-framework"
    )


def test_query_by_prefixed_name_as_table(capsys):
    assert main(["query", "bodies-feeding-into", "--param", "body=hipsid:org/hips-executive", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "HIPS Procedures Group" in out
    assert out.rstrip().endswith("(10 rows, with inferred facts)")


def test_unknown_label_is_a_one_line_error(capsys):
    assert main(["query", "training-covering", "--param", "tool=No Such Tool"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "hipskg query: no entity of class hips:FormOrTool is labelled 'No Such Tool', nor any label close to it: "
        "give an IRI, a prefixed name or another label ('hipskg search WORDS' finds entities)\n"
    )


def test_ambiguous_label_lists_the_candidates_with_what_tells_them_apart(built):
    with pytest.raises(QueryError) as error:
        resolve_entity(built, "Prevent")
    assert str(error.value) == (
        "label 'Prevent' is ambiguous, it names 2 entities: "
        "course:prevent (a hips:TrainingCourse, hips:Webinar); theme:prevent (a hips:Theme); give one of these names instead"
    )


def test_a_class_constraint_picks_one_of_several_entities_with_the_label(built):
    assert str(resolve_entity(built, "Prevent", "hips:Theme")) == "https://w3id.org/hipskg/id/theme/prevent"


def test_missing_parameter_says_which(capsys):
    assert main(["query", "bodies-feeding-into"]) == 2
    assert "needs --param body=VALUE" in capsys.readouterr().err


def test_queries_lists_the_catalogue(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert "training-covering" in out and "bodies-feeding-into" in out


def _commands():
    from hipskg.cli import build_parser

    parser = build_parser()
    (commands,) = [action for action in parser._actions if action.dest == "command"]
    return sorted(commands.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    assert "example" in capsys.readouterr().out.lower()
