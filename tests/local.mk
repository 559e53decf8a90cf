# tests/: one TAP program per module. Rooms add their own tests in their
# own local.mk; this file holds the shared ones.
