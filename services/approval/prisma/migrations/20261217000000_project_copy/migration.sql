-- Approval's copy of each registered project, as ProjectRegisteredV1 carries it, and only its title — name, 项目代码,
-- location — so the review body's list of its 联合审图 reviews can name each project (it reads no project otherwise;
-- the list named one by its id). Written only by the consumer `approval-projects` (consumers/on-project-registered.ts),
-- once per project: a redelivery or the same registration again changes nothing. A new durable reads the stream from
-- its first kept message, so the registrations of the stream's last 30 days (its max_age) are copied when approval
-- first starts with it; a project registered earlier has no row and is named by its id as before. The schema's owner (this
-- service's role) creates and so owns the table; the schema has no reader role to grant it to, and no row-level security.
CREATE TABLE "project" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "project_code" TEXT NOT NULL,
    "location" TEXT,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);
