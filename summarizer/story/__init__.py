"""The story stage: many checked ``ArticleBrief`` records in, one ``Brief`` out.

Data flow, one module per step: ``duplicates`` (which articles are copies, so how many independent sources),
``topic`` (which articles belong to another story, so are left out of the merge),
``timeline``, ``entities``, ``figures`` and ``remarks`` (figures and quotes compared across articles),
``agreement`` (where sources agree, and confidence), ``discrepancies`` (one module per kind), ``reconcile`` (the
one model call) and ``proposal`` (its answer checked), and ``assemble``, which builds the ``Brief`` once: its
``findings`` (code's alone, computed while the model reconciles), then ``complete`` (the answer checked against
them).
"""

from __future__ import annotations

from summarizer.story.assemble import Findings, assemble, complete, findings
from summarizer.story.reconcile import Answer, ask, reconcile
from summarizer.story.topic import off_topic, on_topic

__all__ = ["Answer", "Findings", "ask", "assemble", "complete", "findings", "off_topic", "on_topic", "reconcile"]
