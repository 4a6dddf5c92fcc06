CREATE TABLE "result_stats_months" (
	"district_code" text NOT NULL,
	"month" text NOT NULL,
	"town_code" text NOT NULL,
	"task_kind" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"leads" integer DEFAULT 0 NOT NULL,
	"provisional" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "result_stats_months_district_code_month_town_code_task_kind_pk" PRIMARY KEY("district_code","month","town_code","task_kind")
);
