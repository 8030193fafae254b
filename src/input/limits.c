#include "input/limits.h"

void rc_limits_default(rc_limits *limits)
{
    limits->max_depth = 256;
    limits->max_scalar_bytes = (size_t)32 << 20;
    limits->max_document_bytes = (size_t)256 << 20;
    limits->max_input_bytes = (size_t)4 << 30;
    limits->max_expanded_nodes = (size_t)4 << 20;
}
