import Foundation

/// FFTW's planner keeps global state and is not thread-safe; creating and destroying plans
/// (every transform type of this module) happens only under this lock. Executing a plan on its
/// own arrays needs no lock.
let planner = NSLock()
