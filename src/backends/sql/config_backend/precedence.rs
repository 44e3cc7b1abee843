//! Kea's rule when objects with the same key (a global's name, an option's
//! or option definition's code and space) are visible both through `all`
//! and through the server's own tag: the server's one wins, in the place of
//! the `all` one; otherwise the first seen (lowest id) stays.

/// `items` as `(key, specific, value)` in id order, reduced to one value per
/// key by Kea's rule.
pub fn prefer_specific<K: PartialEq, T>(items: impl IntoIterator<Item = (K, bool, T)>) -> Vec<T> {
    let mut kept: Vec<(K, bool, T)> = Vec::new();
    for (key, specific, value) in items {
        match kept.iter_mut().find(|(k, _, _)| *k == key) {
            None => kept.push((key, specific, value)),
            Some(slot) => {
                if specific && !slot.1 {
                    *slot = (key, specific, value);
                }
            }
        }
    }
    kept.into_iter().map(|(_, _, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::prefer_specific;

    #[test]
    fn the_servers_own_value_replaces_the_all_one_in_place() {
        let items = vec![
            ("a", false, 1),
            ("b", false, 2),
            ("a", true, 3),
            ("a", true, 4),
            ("b", false, 5),
        ];
        assert_eq!(prefer_specific(items), vec![3, 2]);
    }
}
