-- A break-glass use whose reviewers the maker alone chose, with no audit channel, needs two
-- reviews. Earlier uses needed one.
ALTER TABLE "requests" ADD COLUMN "reviews_required" INTEGER NOT NULL DEFAULT 1;
