"""The response models handed to instructor are built once, and instructor sends exactly what it would have built."""

from __future__ import annotations

import json

import pytest
from instructor.v2.core.response_model import prepare_response_model

from summarizer.article.extract import ArticleExtraction, extraction_model
from summarizer.llm.client import for_instructor, json_schema, prompt_schema
from summarizer.schema import Reconciliation, Translations

MODELS = [ArticleExtraction, Reconciliation, Translations]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_prebuilt_class_has_the_schema_instructor_would_send(model: type) -> None:
    assert for_instructor(model).model_json_schema() == prepare_response_model(model).model_json_schema()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_instructor_uses_the_prebuilt_class_instead_of_building_another(model: type) -> None:
    assert prepare_response_model(for_instructor(model)) is for_instructor(model)


def test_an_answer_is_still_an_instance_of_the_projects_own_model() -> None:
    answer = for_instructor(Translations, compact=True).model_validate({"items": []})
    assert isinstance(answer, Translations)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_json_mode_prints_the_compact_schema_into_the_prompt(model: type) -> None:
    assert for_instructor(model, compact=True).model_json_schema() == prompt_schema(model)


def test_the_prompt_shows_the_answers_shape_with_every_field_and_its_type() -> None:
    shape = prompt_schema(ArticleExtraction)
    assert list(shape) == list(json_schema(ArticleExtraction)["properties"])
    assert shape["speakers"] == [{"n": "integer", "speaker": "string or null"}]
    assert shape["claims"] == [{"claim": "string", "evidence": "string"}]


def test_the_prompt_shape_is_a_quarter_of_the_json_schema_and_the_same_for_every_quotation_count() -> None:
    assert len(json.dumps(prompt_schema(ArticleExtraction))) * 4 < len(json.dumps(json_schema(ArticleExtraction)))
    assert prompt_schema(extraction_model(0)) == prompt_schema(extraction_model(7))
