-- 011: the start a reminder announces. A session moved later after its reminder went out is due another
-- reminder for its new start (bot.services.posting), and never a second one for a start already announced:
-- the row records which start it was for. NULL (a row written before 011): its due time plus the configured
-- reminder_hours.
ALTER TABLE ledger ADD COLUMN starts_at TEXT;
