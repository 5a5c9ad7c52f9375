#!/usr/bin/python3
"""Builds the parity pairs (test/unit/evaluation/fixtures/pairs.jsonl) from the AWS CLI examples in
test/fixtures/aws-cli-examples/examples.csv plus hand-written sentences; deterministic (seeded).

Usage: /usr/bin/python3 scripts/reference/make_pairs.py <examples.csv> > pairs.jsonl
"""
import csv
import json
import random
import sys

random.seed(5)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))

HAND = [
    ("The cat sat on the mat.", "A cat was sitting on the mat."),
    ("It isn't working, and we can't fix it.", "It is not working and we cannot fix it."),
    ("I'd rather you'd told me; they'll be late and we're stuck.", "I would rather you had told me. They will be late; we are stuck."),
    ("Don't touch the server's config!", "Do not change the configuration of the server."),
    ("Mr. Smith arrived at 5 p.m. on Jan. 3. He left early.", "Mr. Smith came at five in the evening on January 3rd and left early."),
    ("The U.S. economy grew 3.5% in Q3, i.e. faster than expected.", "The US economy expanded by 3.5 percent in the third quarter."),
    ("Dr. Jones (the lead author) disagreed. \"It's wrong,\" she said.", "The lead author, Dr. Jones, disagreed and said it was wrong."),
    ("He said \"hello\" and left...", "He said hello and then he left."),
    ("Wait... what? No! That can't be right!!!", "No, that cannot be right."),
    ("The food—which was delicious—reminded me of home.", "The delicious food reminded me of home."),
    ("Prices rose 10–15 percent – a record.", "Prices went up by ten to fifteen percent, which is a record."),
    ("“First sentence.” Next one.", "The first sentence. The next one."),
    ("She asked, ‘Are you coming?’ I said yes.", "She asked whether I was coming and I said yes."),
    ("Café owners in Zürich serve crème brûlée.", "Coffee shop owners in Zurich serve creme brulee."),
    ("Naïve résumé façade", "naive resume facade"),
    ("The children ran quickly to the bigger houses.", "The child runs quick to the big house."),
    ("The geese were flying over the mice.", "A goose flew over a mouse."),
    ("Running, jumped, happily, studies, studying, generalization.", "run jump happy study generalize"),
    ("The automobile was fast.", "The car was quick."),
    ("She purchased a large house.", "She bought a big home."),
    ("the the the the", "the the"),
    ("a a a b b", "a b a b a"),
    ("...", "!!!"),
    ("?!", "."),
    ("", "Something here."),
    ("Something here.", ""),
    ("", ""),
    ("Hello", "hello"),
    ("HELLO WORLD", "hello world"),
    ("12,000 dollars and 3.14 pi", "12000 dollars and 3.14"),
    ("Email me at jane.doe@example.com or call #42 & ask for $5.", "Send email to jane.doe@example.com or call number 42."),
    ("Use the --table-name option; see docs (section 2).", "Use --table-name as described in section 2 of the docs."),
    ("Items: apples, pears, and plums.", "The items are apples, pears and plums."),
    ("Gonna wanna gotta gimme lemme", "going to want to got to give me let me"),
    ("'Tis the season. 'Twas the night.", "It is the season. It was the night."),
    ("I cannot and d'ye know more'n you", "I can not and do you know more than you"),
    ("rock 'n' roll", "rock and roll"),
    ("'hello' 'world'", "hello world"),
    ("The dogs' bowls and the dog's bowl.", "The bowl of the dog and the bowls of the dogs."),
    ("He owns 3 cars.\nShe owns 2.\n\nThey share one.", "He has three cars, she has two, and they share one."),
    ("First line\nsecond line\tthird", "first line second line third"),
    ("e.g. this, etc. and so on.", "For example this and so on."),
    ("The U.N. met in N.Y. yesterday. Delegates agreed.", "The United Nations met in New York yesterday and the delegates agreed."),
    ("Version 2.0 was released. It fixed bugs.", "Version 2.0 fixed bugs when it was released."),
    ("No. 5 is the best. No. 6 is worse.", "Number five is the best and number six is worse."),
    ("See Fig. 3 and Table 2.", "See figure 3 and table 2."),
    ("A. Lincoln and J. F. Kennedy were presidents.", "Abraham Lincoln and John F. Kennedy were presidents."),
    ("What time is it? It's 3 o'clock.", "It is three o'clock."),
    ("Offerings were made; offering, offered, offers.", "They offer an offering."),
    ("The analyses showed crises in the indices.", "The analysis showed a crisis in the index."),
    ("better best worse worst", "good well bad badly"),
    ("He was lying about dying in the skies.", "He lied about dying in the sky."),
    ("Innings and outings, cannings and news.", "An inning, an outing, canning, the news."),
    ("Proceed, exceed and succeed.", "proceeding exceeded succeeding"),
    ("Generously, the organization's rationalization was hopeful.", "The organizational rational generous hope."),
    ("Electrical electricity electrician electrically", "electric electrical"),
    ("Emoji test 😀 smiling 😀😀 faces", "smiling faces 😀"),
    ("東京 is the capital of 日本.", "Tokyo is the capital of Japan."),
    ("Привет мир", "hello world"),
    ("It’s the users’ choice, isn’t it?", "It is the choice of the users, is it not?"),
    ("The «quoted» word", "the quoted word"),
    ("Costs [approx.] $3.50 {per unit} <tax incl.>", "It costs about 3.50 per unit including tax."),
    ("A*B = C; x@y #tag 50% R&D", "A times B equals C"),
    ("word--word -- dash", "word word dash"),
    ("Semi-automatic, well-known, state-of-the-art.", "semiautomatic well known state of the art"),
    ("Don't. Won't. Can't. Shan't.", "Do not. Will not. Cannot. Shall not."),
    ("They'd've gone if they'd known.", "They would have gone if they had known."),
    ("Y'all ain't seen nothin' yet.", "You all have not seen anything yet."),
    ("The bucket's policy denies s3:GetObject.", "The policy of the bucket denies GetObject."),
    ("Set --region us-east-1 (N. Virginia).", "Set the region to us-east-1 in North Virginia."),
    ("This command returns no output.", "This command produces no output."),
    ("The following example deletes the specified table.", "This example removes the table that you specify."),
    ("The following example creates a new user named Bob.", "This example makes a user called Bob."),
]

pairs = []
for a, b in HAND:
    pairs.append({"prediction": a, "reference": b})
    pairs.append({"prediction": b, "reference": a})

by_service = {}
for row in rows:
    by_service.setdefault(row["service"], []).append(row)

sample = random.sample(rows, min(260, len(rows)))
for row in sample:
    title, description = row["title"].strip(), row["description"].strip()
    if not description:
        continue
    pairs.append({"prediction": title, "reference": description})
    same = by_service[row["service"]]
    other = random.choice(same)
    if other is not row and other["description"].strip():
        pairs.append({"prediction": description, "reference": other["description"].strip()})
    words = description.split()
    if len(words) > 6:
        # drop, swap and case-change words to make a near paraphrase
        edited = [w for w in words if random.random() > 0.2]
        if len(edited) > 3:
            i = random.randrange(len(edited) - 1)
            edited[i], edited[i + 1] = edited[i + 1], edited[i]
        pairs.append({"prediction": " ".join(edited), "reference": description})

# several references: take the title as prediction, the description plus two others as references
for row in random.sample(rows, 60):
    refs = [row["description"].strip(), random.choice(rows)["title"].strip(), random.choice(rows)["description"].strip()]
    pairs.append({"prediction": row["title"].strip(), "reference": refs})

for p in pairs:
    print(json.dumps(p, ensure_ascii=False))
