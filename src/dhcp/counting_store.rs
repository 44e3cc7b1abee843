//! A store wrapper that counts the operations the server asks of it (each
//! one a round trip on SQL), so tests can state how many a message costs.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Mutex;

use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::backends::lease::Lease4;
use crate::backends::lease6::{ClientIa, Lease6, LeaseType};
use crate::backends::{HostAdd, HostStore, Lease6Store, LeaseQuery4, LeaseStore};
use crate::config::model::IdentifierType;

/// `inner`, counting each call by method name.
#[derive(Debug, Default)]
pub struct Counting<T> {
    inner: T,
    calls: Mutex<BTreeMap<&'static str, usize>>,
}

impl<T> Counting<T> {
    /// Counts the calls made to `inner`.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            calls: Mutex::default(),
        }
    }

    /// The calls made since the last `take`, by method name.
    pub fn take(&self) -> BTreeMap<&'static str, usize> {
        std::mem::take(&mut *self.calls.lock().expect("counter lock"))
    }

    fn count(&self, method: &'static str) -> &T {
        *self
            .calls
            .lock()
            .expect("counter lock")
            .entry(method)
            .or_default() += 1;
        &self.inner
    }
}

/// The expected calls, for comparing with [`Counting::take`].
pub fn calls(expected: &[(&'static str, usize)]) -> BTreeMap<&'static str, usize> {
    expected.iter().copied().collect()
}

impl<T: LeaseStore> LeaseStore for Counting<T> {
    type Error = T::Error;

    async fn get4(&self, a: Ipv4Addr) -> Result<Option<Lease4>, T::Error> {
        self.count("get4").get4(a).await
    }
    async fn get4_by_hwaddr(&self, hw: &[u8], s: Option<u32>) -> Result<Vec<Lease4>, T::Error> {
        self.count("get4_by_hwaddr").get4_by_hwaddr(hw, s).await
    }
    async fn get4_by_client_id(&self, cid: &[u8], s: Option<u32>) -> Result<Vec<Lease4>, T::Error> {
        self.count("get4_by_client_id")
            .get4_by_client_id(cid, s)
            .await
    }
    async fn get4_matching(&self, q: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, T::Error> {
        self.count("get4_matching").get4_matching(q).await
    }
    async fn get4_all(&self, s: Option<&[u32]>) -> Result<Vec<Lease4>, T::Error> {
        self.count("get4_all").get4_all(s).await
    }
    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, T::Error> {
        self.count("get4_page").get4_page(after, limit).await
    }
    async fn add4(&self, l: &Lease4) -> Result<bool, T::Error> {
        self.count("add4").add4(l).await
    }
    async fn update4(&self, l: &Lease4) -> Result<bool, T::Error> {
        self.count("update4").update4(l).await
    }
    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, T::Error> {
        self.count("replace4").replace4(old, new).await
    }
    async fn delete4(&self, a: Ipv4Addr) -> Result<bool, T::Error> {
        self.count("delete4").delete4(a).await
    }
    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, T::Error> {
        self.count("expired4").expired4(now, limit).await
    }
    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, T::Error> {
        self.count("flush_reclaimed4")
            .flush_reclaimed4(before)
            .await
    }
    async fn wipe4(&self, s: Option<u32>) -> Result<u64, T::Error> {
        self.count("wipe4").wipe4(s).await
    }
}

impl<T: Lease6Store> Lease6Store for Counting<T> {
    type Error = T::Error;

    async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, T::Error> {
        self.count("get6").get6(t, a).await
    }
    async fn get6_by_client(
        &self,
        t: LeaseType,
        ia: ClientIa<'_>,
    ) -> Result<Vec<Lease6>, T::Error> {
        self.count("get6_by_client").get6_by_client(t, ia).await
    }
    async fn get6_matching(
        &self,
        t: LeaseType,
        ia: ClientIa<'_>,
        a: Option<Ipv6Addr>,
    ) -> Result<Vec<Lease6>, T::Error> {
        self.count("get6_matching").get6_matching(t, ia, a).await
    }
    async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, T::Error> {
        self.count("get6_by_duid").get6_by_duid(duid).await
    }
    async fn get6_all(&self, s: Option<&[u32]>) -> Result<Vec<Lease6>, T::Error> {
        self.count("get6_all").get6_all(s).await
    }
    async fn add6(&self, l: &Lease6) -> Result<bool, T::Error> {
        self.count("add6").add6(l).await
    }
    async fn update6(&self, l: &Lease6) -> Result<bool, T::Error> {
        self.count("update6").update6(l).await
    }
    async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, T::Error> {
        self.count("replace6").replace6(old, new).await
    }
    async fn delete6(&self, t: LeaseType, a: Ipv6Addr) -> Result<bool, T::Error> {
        self.count("delete6").delete6(t, a).await
    }
    async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, T::Error> {
        self.count("expired6").expired6(now, limit).await
    }
    async fn wipe6(&self, s: Option<u32>) -> Result<u64, T::Error> {
        self.count("wipe6").wipe6(s).await
    }
}

impl<T: HostStore> HostStore for Counting<T> {
    type Error = T::Error;

    async fn get4(&self, s: u32, k: IdentifierType, id: &[u8]) -> Result<Option<Host4>, T::Error> {
        self.count("get4").get4(s, k, id).await
    }
    async fn get4_any(
        &self,
        s: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> Result<Vec<Host4>, T::Error> {
        self.count("get4_any").get4_any(s, ids).await
    }
    async fn get4_by_address(&self, s: u32, a: Ipv4Addr) -> Result<Vec<Host4>, T::Error> {
        self.count("get4_by_address").get4_by_address(s, a).await
    }
    async fn get4_by_identifier(
        &self,
        k: IdentifierType,
        id: &[u8],
    ) -> Result<Vec<Host4>, T::Error> {
        self.count("get4_by_identifier")
            .get4_by_identifier(k, id)
            .await
    }
    async fn get_all4(&self, s: u32) -> Result<Vec<Host4>, T::Error> {
        self.count("get_all4").get_all4(s).await
    }
    async fn get_page4(&self, s: u32, after: u64, limit: usize) -> Result<Vec<Host4>, T::Error> {
        self.count("get_page4").get_page4(s, after, limit).await
    }
    async fn get4_by_hostname(&self, n: &str, s: Option<u32>) -> Result<Vec<Host4>, T::Error> {
        self.count("get4_by_hostname").get4_by_hostname(n, s).await
    }
    async fn add4(&self, h: &Host4) -> Result<HostAdd, T::Error> {
        self.count("add4").add4(h).await
    }
    async fn del4_by_identifier(
        &self,
        s: u32,
        k: IdentifierType,
        id: &[u8],
    ) -> Result<bool, T::Error> {
        self.count("del4_by_identifier")
            .del4_by_identifier(s, k, id)
            .await
    }
    async fn del4_by_address(&self, s: u32, a: Ipv4Addr) -> Result<bool, T::Error> {
        self.count("del4_by_address").del4_by_address(s, a).await
    }
    async fn get6(&self, s: u32, k: IdentifierType, id: &[u8]) -> Result<Option<Host6>, T::Error> {
        self.count("get6").get6(s, k, id).await
    }
    async fn get6_any(
        &self,
        s: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> Result<Vec<Host6>, T::Error> {
        self.count("get6_any").get6_any(s, ids).await
    }
    async fn get6_by_address(&self, s: u32, a: Ipv6Addr) -> Result<Vec<Host6>, T::Error> {
        self.count("get6_by_address").get6_by_address(s, a).await
    }
    async fn get6_by_identifier(
        &self,
        k: IdentifierType,
        id: &[u8],
    ) -> Result<Vec<Host6>, T::Error> {
        self.count("get6_by_identifier")
            .get6_by_identifier(k, id)
            .await
    }
    async fn get_all6(&self, s: u32) -> Result<Vec<Host6>, T::Error> {
        self.count("get_all6").get_all6(s).await
    }
    async fn get_page6(&self, s: u32, after: u64, limit: usize) -> Result<Vec<Host6>, T::Error> {
        self.count("get_page6").get_page6(s, after, limit).await
    }
    async fn get6_by_hostname(&self, n: &str, s: Option<u32>) -> Result<Vec<Host6>, T::Error> {
        self.count("get6_by_hostname").get6_by_hostname(n, s).await
    }
    async fn add6(&self, h: &Host6) -> Result<HostAdd, T::Error> {
        self.count("add6").add6(h).await
    }
    async fn del6_by_identifier(
        &self,
        s: u32,
        k: IdentifierType,
        id: &[u8],
    ) -> Result<bool, T::Error> {
        self.count("del6_by_identifier")
            .del6_by_identifier(s, k, id)
            .await
    }
    async fn del6_by_address(&self, s: u32, a: Ipv6Addr) -> Result<bool, T::Error> {
        self.count("del6_by_address").del6_by_address(s, a).await
    }
}
