"""The response models handed to instructor are built once, and instructor sends exactly what it would have built."""

from __future__ import annotations

import pytest
from instructor.v2.core.response_model import prepare_response_model

from summarizer.article.extract import ArticleExtraction
from summarizer.llm.client import for_instructor
from summarizer.schema import ProposedSpeakers, Reconciliation, Translations

MODELS = [ArticleExtraction, ProposedSpeakers, Reconciliation, Translations]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_prebuilt_class_has_the_schema_instructor_would_send(model: type) -> None:
    assert for_instructor(model).model_json_schema() == prepare_response_model(model).model_json_schema()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_instructor_uses_the_prebuilt_class_instead_of_building_another(model: type) -> None:
    assert prepare_response_model(for_instructor(model)) is for_instructor(model)


def test_an_answer_is_still_an_instance_of_the_projects_own_model() -> None:
    answer = for_instructor(ProposedSpeakers).model_validate({"items": []})
    assert isinstance(answer, ProposedSpeakers)
