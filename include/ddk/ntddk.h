/* The miniport kit: the WDK's ntddk.h is wdm.h and a few more kernel
 * services; for miniports wdm.h covers them. */
#ifndef MAPFUZZ_DDK_NTDDK_H
#define MAPFUZZ_DDK_NTDDK_H
#ifndef _NTDDK_
#define _NTDDK_
#endif
#include <wdm.h>
#endif
