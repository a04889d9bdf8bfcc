"""The article stage: one ``Article`` in, one checked ``ArticleBrief`` out.

``extract`` asks the model (the one extraction call, split for long articles), ``verify`` checks its proposals
against the text and adds what code finds on its own, ``translate`` translates what was printed in another
language than the briefing's, checked the same way. A new per-article check belongs in ``verify``.
"""
