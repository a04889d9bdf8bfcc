"""What code finds in text on its own, without a model: dates, figures, quotes, names, language, sentences, words.

Every module here is pure and knows nothing of articles' place in a run; the article and story stages build on
these finders to check what the model proposes.
"""
