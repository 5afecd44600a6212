-- What a failed plain form post (no JavaScript) held, so its page can show the form again as
-- it was typed: a JSON object of the text fields (never passwords or codes) and the names of
-- the files that were chosen (which the browser must be asked to choose again).
ALTER TABLE form_flash ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
