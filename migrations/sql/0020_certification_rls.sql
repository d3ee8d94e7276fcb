-- PostgreSQL only: grants and forced row-level security for reports, decisions and
-- certificates.
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_reports, certificates, certificate_standards,
  certification_decisions, decision_audits, certificate_revisions, certificate_events,
  tenant_counters TO certa_app;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_reports','certificates','certificate_standards',
      'certification_decisions','decision_audits','certificate_revisions',
      'certificate_events','tenant_counters'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
