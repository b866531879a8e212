-- A body chaired by states whatever the rotation (one state, or co-chairs): the states, as a JSON list of codes.

ALTER TABLE body ADD COLUMN chair_states TEXT NOT NULL DEFAULT '[]';
