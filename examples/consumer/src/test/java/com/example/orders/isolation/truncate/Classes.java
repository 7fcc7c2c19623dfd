package com.example.orders.isolation.truncate;

// 10 classes of 5 tests: JUnit runs (and, in parallel, schedules) them as a suite of 10 test classes would be.
class C01 extends TruncateSuite { }
class C02 extends TruncateSuite { }
class C03 extends TruncateSuite { }
class C04 extends TruncateSuite { }
class C05 extends TruncateSuite { }
class C06 extends TruncateSuite { }
class C07 extends TruncateSuite { }
class C08 extends TruncateSuite { }
class C09 extends TruncateSuite { }
class C10 extends TruncateSuite { }
