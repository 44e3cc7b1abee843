//! Allocation engine: subnet selection, reservations, lease reuse, pool iteration.
