-- 006: posts that take several platform messages, and instance-lock holders told apart by process identity.
-- A long Discord post is split over several messages: `parts` is how many it takes (NULL: one, or not known
-- yet) and, while the row is 'pending', `message_id` holds the ids of the parts already sent (comma-joined,
-- in order), so an interrupted post resumes at its first missing part instead of being taken as complete.
ALTER TABLE ledger ADD COLUMN parts INTEGER;

-- The holder's process identity: pid namespace + pid + the process's start time ("ns:pid:start"), so a pid
-- is only checked for liveness where it means the same process (two containers with the same hostname and
-- pid 1 are not one process). NULL: not known, only the heartbeat can make the holder stale.
ALTER TABLE instance_lock ADD COLUMN process TEXT;
