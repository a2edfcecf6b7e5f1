"""delegation codes, confirmed voters, rejoin links, electorates fixed at open, per-poll ballot keys

Revision ID: 0007_trust_identity
Revises: 0006_group_sections
Create Date: 2026-12-02 18:20:00.000000

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0007_trust_identity'
down_revision = '0006_group_sections'
branch_labels = None
depends_on = None

# The workshop codes' alphabet (services/workshops.py): no 0/O, no 1/I/L
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _backfill_delegation_codes():
    connection = op.get_bind()
    taken = set()
    for table, columns in (("workshop", ("join_code", "observer_code")), ("delegation", ("join_code",))):
        for row in connection.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table}")):
            taken.update(code for code in row if code)
    for (delegation_id,) in connection.execute(
            sa.text("SELECT id FROM delegation WHERE join_code IS NULL")).fetchall():
        code = None
        while code is None or code in taken:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        taken.add(code)
        connection.execute(sa.text("UPDATE delegation SET join_code = :code WHERE id = :id"),
                           {"code": code, "id": delegation_id})


def upgrade():
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_code', sa.String(length=16), nullable=True))

    _backfill_delegation_codes()

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.alter_column('join_code', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_delegation_join_code'), ['join_code'])

    # Participants who joined before confirmed voters existed are not voters until staff confirm them
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voter', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('rejoin_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('rejoin_created_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_participant_rejoin_hash'), ['rejoin_hash'])

    with op.batch_alter_table('poll', schema=None) as batch_op:
        batch_op.add_column(sa.Column('electorate_fixed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table('poll_elector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_poll_elector_delegation_id_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_poll_elector_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['poll_id'], ['poll.id'], name=op.f('fk_poll_elector_poll_id_poll'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_elector')),
    sa.UniqueConstraint('poll_id', 'participant_id', name=op.f('uq_poll_elector_poll_id'))
    )
    with op.batch_alter_table('poll_elector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_elector_poll_id'), ['poll_id'], unique=False)

    op.create_table('poll_key',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['poll_id'], ['poll.id'], name=op.f('fk_poll_key_poll_id_poll'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('poll_id', name=op.f('pk_poll_key'))
    )


def downgrade():
    op.drop_table('poll_key')
    with op.batch_alter_table('poll_elector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_elector_poll_id'))
    op.drop_table('poll_elector')

    with op.batch_alter_table('poll', schema=None) as batch_op:
        batch_op.drop_column('electorate_fixed')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participant_rejoin_hash'), type_='unique')
        batch_op.drop_column('rejoin_created_at')
        batch_op.drop_column('rejoin_hash')
        batch_op.drop_column('voter')

    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_delegation_join_code'), type_='unique')
        batch_op.drop_column('join_code')
