-- A build whose output lines were deleted by the retention (the app's newest builds keep theirs).
ALTER TABLE build ADD COLUMN output_pruned boolean NOT NULL DEFAULT false;
