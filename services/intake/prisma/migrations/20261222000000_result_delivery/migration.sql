-- 结果送达 (docs/intake.md#result-delivery): the applicant's choice of how the result reaches it, made at the window,
-- and the delivery once the step is decided. One row per application that chose, or whose result fell due; an
-- application opened before the choice has no row until its decision, and is then delivered online.
CREATE TABLE "result_delivery" (
    "application_id" UUID NOT NULL,
    -- ResultDeliveryChoice as the window took it; null when the applicant chose nothing.
    "choice" JSONB,
    -- ResultDelivery as last published; null until the step is decided.
    "delivery" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "result_delivery_pkey" PRIMARY KEY ("application_id"),
    CONSTRAINT "result_delivery_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
