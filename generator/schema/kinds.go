package schema

import "github.com/santhosh-tekuri/jsonschema/v6/kind"

type (
	schemaKindAdditional = kind.AdditionalProperties
	schemaKindRequired   = kind.Required
	schemaKindPattern    = kind.Pattern
	schemaKindMinLength  = kind.MinLength
)
