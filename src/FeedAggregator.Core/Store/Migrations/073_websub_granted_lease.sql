-- WebSub subscriber (issue 16): the lease the source feed's hub granted (it may be shorter than the one asked), so
-- that renewal goes out with a tenth of that lease left; NULL for rows verified before this column (the asked lease).
ALTER TABLE websub_feeds ADD COLUMN lease_seconds INTEGER;
