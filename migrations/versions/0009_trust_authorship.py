"""authorship by item ranges: who added which clocks of a Yjs client id, not who used it first

Revision ID: 0009_trust_authorship
Revises: 0006_group_sections
Create Date: 2026-12-02 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_trust_authorship'
down_revision = '0008_trust_limits'
branch_labels = None
depends_on = None

ALL_CLOCKS = 2**53


def upgrade():
    # Rows written before hold a whole client id: they become one range over all of its items
    with op.batch_alter_table('section_author', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clock_start', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('clock_end', sa.BigInteger(), nullable=False,
                                      server_default=str(ALL_CLOCKS)))
        batch_op.drop_constraint(batch_op.f('uq_section_author_section_id'), type_='unique')
    with op.batch_alter_table('section_author', schema=None) as batch_op:
        batch_op.alter_column('clock_start', server_default=None)
        batch_op.alter_column('clock_end', server_default=None)


def downgrade():
    # One row per client id again: the first range of each (the earliest writer) stands for all of it
    op.execute(
        "DELETE FROM section_author WHERE id NOT IN "
        "(SELECT MIN(id) FROM section_author GROUP BY section_id, client_id)")
    with op.batch_alter_table('section_author', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_section_author_section_id'), ['section_id', 'client_id'])
        batch_op.drop_column('clock_end')
        batch_op.drop_column('clock_start')
