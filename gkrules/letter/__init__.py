"""Reply letters (政府信息公开申请答复书): reading, locating the template's elements, and letter facts.

Public API (what other modules build on):

- ``read.read_letter(path) -> Letter``: a ``.txt`` or ``.docx`` letter as lines (``Letter.lines``) with the
  reading warnings.
- ``parse.parse_letter(lines) -> ParsedLetter``: every element of letter-template.md located once, by its
  substance. ``ParsedLetter`` is immutable (frozen dataclasses and tuples) and nothing writes to it after
  parsing. Its fields:

  - ``lines`` (tuple, as read), ``body`` (tuple of ``(line, text)`` between salutation and signature);
  - ``elements``: read-only mapping element name → ``Element(name, line, text)`` for the elements found,
    names from ``parse.ELEMENTS`` (title, doc_number, salutation, receipt, request, decision, legal_basis,
    reasons, guidance, remedy, signature, date, fee); ``line_of(name)`` gives the 1-based line or None;
  - ``doc_number`` (``DocNumber`` or None), ``doc_number_candidate`` (a line that looks like a 文号 but does
    not parse), ``receipt_date`` and ``letter_date`` (``DateText``), ``dates`` and ``citations`` (tuples);
  - ``sentences``: tuple of ``(line, sentence)`` of the body (split outside quotation marks);
    ``before_remedy()`` the sentences before the remedy notice, which starts at ``remedy_at`` (line and
    offset: the clause whose words tell of review or suit, so one paragraph may hold the decision and the
    remedy); ``decision_body()`` and ``remedy_body()`` the body lines before and from it.

- ``extract`` — one function per question a caller asks of a parsed letter, each pure:

  - ``decisions(parsed)``: the deciding phrases (``meaning.Decision(group, phrase, line, sentence,
    support)``; ``support``: a phrase that backs its group but never contradicts another, e.g. 不存在),
    quoted article text, negations and noun modifiers (“不予公开的情形”) left out;
  - ``decision_groups(parsed)``: the decision groups the letter states (open, partial, refused,
    cannot_provide, not_processed, other), in order of appearance;
  - ``decision_by_item(parsed, item_texts)``: for each requested item, the group decided in the part that
    answers it (关于第N项, （一）, 一、 …, else the sentences naming the item; None where nothing answers it);
  - ``articles_cited(parsed)``: the citations of the 政府信息公开条例 (``Citation``: article, para, item);
  - ``letter_date(parsed)``, ``receipt_date(parsed)``: ``datetime.date`` or None;
  - ``agency(parsed)``: the agency as signed (else the title's head), ``applicant(parsed)``: the name in the
    salutation without 尊敬的／先生／女士.

- ``facts.letter_facts(parsed, case, category, profile, …) -> LetterFacts``: the booleans the rules of
  ``rules/letter/`` test, with the details their messages need. The facts are produced by the modules of
  ``elements/`` (one per element), each registering the facts it produces with ``@produces``.
- ``meaning`` — the sentence-level reading shared by the parser and the element modules (decisions,
  reasons, guidance, fee sentences); ``articles`` — the articles a category needs, from the category table.
- Wordings (accepted titles, decision phrases by group, receipt verbs, salutation forms, reasons by
  category, guidance and fee phrases, agency short names) are data: ``rules/letter/wordings/*.yml``, each
  entry with the article or source it rests on, read by ``wordings.py``.
"""
