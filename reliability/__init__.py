"""Reliability trials: faults (kills, load, disk full) and hostile input (fuzzing), with figures."""
