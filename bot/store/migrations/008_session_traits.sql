-- 008: what a post says about its own kind and day (front matter keys, categories, published, a day
-- without a year, reading count), as JSON (bot.course.models.Traits). The whole-site pass of a sync
-- picks the class sessions among all documents and dates them from it without parsing files again.
ALTER TABLE posts ADD COLUMN traits TEXT;
