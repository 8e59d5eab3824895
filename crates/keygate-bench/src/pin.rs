//! CPU pinning (`sched_setaffinity`) and the server's resident memory (`/proc/<pid>/status`).

/// Pins the calling thread (and the threads it starts afterwards) to one core.
pub fn pin_current_thread(core: usize) -> Result<(), String> {
    // SAFETY: `set` is a plain bitmask owned by this frame; pid 0 means the calling thread.
    let rc = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set)
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(format!(
            "cannot pin to core {core}: {}",
            std::io::Error::last_os_error()
        ))
    }
}

/// The number of cores this process may run on (after pinning).
pub fn allowed_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Resident set size of a process in KiB (`VmRSS`), if it is still running.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
