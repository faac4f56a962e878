/* The miniport kit: driver annotations live in sal.h (they expand to nothing). */
#include <sal.h>
