"""casefold keys for delegation names and account emails; when an account token was last used

Revision ID: 0008_trust_limits
Revises: 0006_group_sections
Create Date: 2026-12-02 18:30:00.000000

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0008_trust_limits'
down_revision = '0007_trust_identity'
branch_labels = None
depends_on = None


def _key(text):
    # The same folding as workshop.models.base.casefold_key, frozen here as this migration ran it
    return unicodedata.normalize("NFC", " ".join((text or "").split())).casefold()


def _fill(table, column, source, scope):
    """Fill the key column row by row; a second row folding to a key already taken in its scope (two
    delegations "Straße" and "STRASSE" from before) keeps a key of its own with its id appended."""
    connection = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column(source), sa.column(column),
                    *([sa.column(scope)] if scope else []))
    seen = set()
    for row in connection.execute(sa.select(rows).order_by(rows.c.id)).mappings():
        key = _key(row[source])
        scoped = (row[scope] if scope else None, key)
        if scoped in seen:
            key = f"{key}#{row['id']}"
        seen.add((row[scope] if scope else None, key))
        connection.execute(sa.update(rows).where(rows.c.id == row["id"]).values({column: key}))


def upgrade():
    with op.batch_alter_table('access_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=600), nullable=True))
    _fill('delegation', 'name_key', 'name', 'workshop_id')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=600), nullable=False)
        batch_op.create_unique_constraint('uq_delegation_name_key', ['workshop_id', 'name_key'])

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_key', sa.String(length=762), nullable=True))
    _fill('user_account', 'email_key', 'email', None)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('email_key', existing_type=sa.String(length=762), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_email_key'), ['email_key'])


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_email_key'), type_='unique')
        batch_op.drop_column('email_key')

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_constraint('uq_delegation_name_key', type_='unique')
        batch_op.drop_column('name_key')

    with op.batch_alter_table('access_token', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
