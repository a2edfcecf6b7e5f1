"""The published draft of the co-chairs' statement

Revision ID: 0005_export
Revises: 0001_foundation
Create Date: 2026-11-23 16:43:31.104029

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_export'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('published_statement',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('paragraphs', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_published_statement_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_published_statement'))
    )


def downgrade():
    op.drop_table('published_statement')
