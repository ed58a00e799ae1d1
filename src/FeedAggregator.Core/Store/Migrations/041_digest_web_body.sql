-- The digest's web page body (issue 13): every story of the window, where the email (html, text) shows at most
-- Digest:MaxItems in full. Served inside /digests/… with its navigation, and as the /digest.atom entry's content.
ALTER TABLE digests ADD COLUMN web_body TEXT;
