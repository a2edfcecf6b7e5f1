"""Voting: polls and their lifecycle, ballots, the electorate, the tally and what clients see of a poll.

Callers import the module they use (`services.voting.polls`, `services.voting.poll_data`, ...); this
package re-exports nothing.
"""
