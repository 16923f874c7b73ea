// Package uqudoauth gets access tokens from the Uqudo Authorization API with
// the OAuth 2.0 client credentials grant.
//
// A [Client] sends one token request per call to [Client.Token]. The request
// goes through the client generated from Uqudo's OpenAPI document (package
// authapi), and this package adds input checks, response checks and error
// mapping on top of it.
//
// Call the API only from a backend, never from a mobile or web application,
// because the request carries the client secret. No value of this package
// prints the client secret or an access token: [Client], [Token] and [Error]
// redact them in every fmt verb and in log/slog output.
//
// Errors returned by this package match, with [errors.Is], the sentinel of
// their class such as [ErrInvalidCredentials], and unwrap to [*Error] with
// [errors.As] when the server responded. Their text is meant for people and
// may change between releases.
package uqudoauth
