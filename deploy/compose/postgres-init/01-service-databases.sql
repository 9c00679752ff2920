-- The services' PostgreSQL accounts, defined here only: one login role and one database per service; each role owns
-- only its own database and nobody else may connect to it. Idempotent. Run by the postgres container on its first start
-- (deploy/compose/docker-compose.yml) and by deploy/local/infra.sh on every `up`, in every mode (local, docker, given
-- servers); with `-v node=at` (infra.sh two-nodes) it creates a node's databases trm_<service>_at, owned by the same
-- roles. It prints "<role>|<password>" per service, from which infra.sh writes the connection strings.
-- The passwords '<role>_dev_password' are DEVELOPMENT DEFAULTS for a loopback-only throwaway server.
\set ON_ERROR_STOP on
\if :{?node}
  \set suffix '_' :node
\else
  \set suffix ''
\endif

CREATE TEMPORARY TABLE trm_service (position int PRIMARY KEY, role name NOT NULL, password text NOT NULL);
INSERT INTO trm_service VALUES
  (1, 'trm_identification', 'trm_identification_dev_password'),
  (2, 'trm_protection',     'trm_protection_dev_password'),
  (3, 'trm_return',         'trm_return_dev_password'),
  (4, 'trm_remedies',       'trm_remedies_dev_password'),
  (5, 'trm_judicial',       'trm_judicial_dev_password');
ALTER TABLE trm_service ADD COLUMN database name;
UPDATE trm_service SET database = role || :'suffix';

SELECT format('CREATE ROLE %I', role) FROM trm_service WHERE role NOT IN (SELECT rolname FROM pg_roles)
\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', role, password) FROM trm_service
\gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', database, role) FROM trm_service WHERE database NOT IN (SELECT datname FROM pg_database)
\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', database, role) FROM trm_service
\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', database) FROM trm_service
\gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', database, role) FROM trm_service
\gexec

SELECT role || '|' || password FROM trm_service ORDER BY position;
