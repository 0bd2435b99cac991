/**
 * Types of the Finity API, generated from openapi.json by openapi-typescript.
 * Do not edit: run `npm run openapi` (or `npm run client:generate`) instead.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process lives */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when the database (and the cache, if configured) answer */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user’s articles, newest first
         * @description Items are summaries without `content` and `htmlContent`; `GET /v1/articles/{id}` has them.
         */
        get: operations["listArticles"];
        put?: never;
        /**
         * Create an article from Markdown
         * @description The server renders `content` to sanitised `htmlContent` and counts `wordCount`. Without `slug`, one is made from the title (accents transliterated) and suffixed until unique; a given `slug` that is taken is 409.
         */
        post: operations["createArticle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/articles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One article */
        get: operations["getArticle"];
        put?: never;
        post?: never;
        /** Delete an article; its media assets stay, with `articleId: null` */
        delete: operations["deleteArticle"];
        options?: never;
        head?: never;
        /**
         * Change an article; with If-Match, only if it is still that version
         * @description `publishedAt` is set the first time `status` becomes PUBLISHED and kept after that.
         */
        patch: operations["updateArticle"];
        trace?: never;
    };
    "/v1/public/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published articles of every author, newest publication first (no token needed) */
        get: operations["listPublicArticles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/articles/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One published article by slug, with its HTML and author (no token needed)
         * @description Anything not PUBLISHED, and any slug that cannot exist, is 404.
         */
        get: operations["getPublicArticle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account and email a verification link */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The emailed link: verifies like the POST */
        get: operations["verifyEmailLink"];
        put?: never;
        /** Verify the email address with the emailed token (works once, for 24 h) */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a new verification link (202 whether or not the account exists) */
        post: operations["resendVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange email and password for an access token */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke this access token */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password; every token issued before is revoked */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /** Delete the account and everything it owns (needs the password) */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /** Change the account’s name */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user’s settings (created with the defaults on first read) */
        get: operations["getSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change some settings; fields left out keep their value */
        patch: operations["updateSettings"];
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user’s AI-provider keys, masked */
        get: operations["listApiKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Store the key for a provider, replacing any earlier one (encrypted at rest) */
        put: operations["putApiKey"];
        post?: never;
        /** Delete the key stored for a provider */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        /** Switch a provider key on or off */
        patch: operations["updateApiKey"];
        trace?: never;
    };
    "/v1/media-assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your media assets, newest first, optionally by type and article */
        get: operations["listMediaAssets"];
        put?: never;
        /** Record a generated image, video or audio asset */
        post: operations["createMediaAsset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media-assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your media assets */
        get: operations["getMediaAsset"];
        put?: never;
        post?: never;
        /** Delete a media asset */
        delete: operations["deleteMediaAsset"];
        options?: never;
        head?: never;
        /** Change a media asset; `articleId: null` detaches it from its article */
        patch: operations["updateMediaAsset"];
        trace?: never;
    };
    "/v1/research-queries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your research history, newest first, optionally filtered by a substring */
        get: operations["listResearchQueries"];
        put?: never;
        /** Store a research query and its result */
        post: operations["createResearchQuery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/research-queries/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest stored result for the same normalised query; records the hit as a new row */
        get: operations["lookupResearchQuery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/research-queries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your research queries */
        get: operations["getResearchQuery"];
        put?: never;
        post?: never;
        /** Delete a research query from your history */
        delete: operations["deleteResearchQuery"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/drafts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user’s drafts, most recently updated first */
        get: operations["listDrafts"];
        put?: never;
        /** Create a draft */
        post: operations["createDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/drafts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One draft */
        get: operations["getDraft"];
        put?: never;
        post?: never;
        /** Delete a draft; with If-Match, only if it is still that version */
        delete: operations["deleteDraft"];
        options?: never;
        head?: never;
        /** Change a draft (autosave); with If-Match, only if it is still that version */
        patch: operations["updateDraft"];
        trace?: never;
    };
    "/v1/drafts/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a draft as an article, in one transaction
         * @description Title from the draft; content from its sections (`## heading`, blank line, content) followed by `ctaContent`; `seoTitle`, `metaDescription` and `focusKeyphrase` from the draft metadata when they are strings. The draft is deleted unless `keepDraft` is true. With If-Match, only if the draft is still that version.
         */
        post: operations["publishDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document, generated from the schemas that validate requests */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Interactive API reference rendered from /openapi.json */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "type": "https://finity.dev/problems/not-found",
         *       "title": "Not found",
         *       "status": 404,
         *       "detail": "No article with that identifier."
         *     }
         */
        Problem: {
            /** @example https://finity.dev/problems/validation-failed */
            type: string;
            title: string;
            status: number;
            detail?: string;
            errors?: components["schemas"]["FieldError"][];
        };
        /**
         * @example {
         *       "path": "sections.0.content",
         *       "message": "Required"
         *     }
         */
        FieldError: {
            /** @example sections.0.content */
            path: string;
            message: string;
        };
        /**
         * @example {
         *       "status": "ok"
         *     }
         */
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        /**
         * @example {
         *       "status": "ok",
         *       "checks": {
         *         "database": "ok",
         *         "cache": "ok"
         *       }
         *     }
         */
        Readiness: {
            /** @enum {string} */
            status: "ok" | "degraded" | "unavailable";
            checks: {
                /** @enum {string} */
                database: "ok" | "unavailable";
                /** @enum {string} */
                cache: "ok" | "unavailable" | "not-configured";
            };
        };
        /**
         * @example {
         *       "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *       "title": "Ten ways to brew coffee",
         *       "slug": "ten-ways-to-brew-coffee",
         *       "status": "PUBLISHED",
         *       "seoTitle": "Brewing coffee at home: ten ways",
         *       "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *       "focusKeyphrase": "brew coffee",
         *       "wordCount": 1240,
         *       "publishedAt": "2026-01-16T08:30:00.000Z",
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z",
         *       "content": "## French press\n\nCoarse grind, four minutes.",
         *       "htmlContent": "<h2>French press</h2>\n<p>Coarse grind, four minutes.</p>\n"
         *     }
         */
        Article: {
            /** Format: uuid */
            id: string;
            title: string;
            slug: string;
            status: components["schemas"]["ArticleStatus"];
            seoTitle: string | null;
            metaDescription: string | null;
            focusKeyphrase: string | null;
            /** @description Words of the rendered text, not of the Markdown syntax */
            wordCount: number;
            /**
             * Format: date-time
             * @description Set the first time the status becomes PUBLISHED; kept after that
             */
            publishedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description The Markdown as sent */
            content: string;
            /** @description Sanitised HTML rendered from `content` by the server */
            htmlContent: string;
        };
        /**
         * @example PUBLISHED
         * @enum {string}
         */
        ArticleStatus: "DRAFT" | "PUBLISHED" | "ARCHIVED";
        /**
         * @example {
         *       "title": "Ten ways to brew coffee",
         *       "content": "## French press\n\nCoarse grind, four minutes.",
         *       "seoTitle": "Brewing coffee at home: ten ways",
         *       "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *       "focusKeyphrase": "brew coffee"
         *     }
         */
        CreateArticleBody: {
            /** @example How to write a blog post */
            title: string;
            /**
             * @description Markdown; raw HTML in it is shown as text, never rendered
             * @example # Intro
             *
             *     Hello.
             */
            content: string;
            /**
             * @description Generated from the title when absent; 409 when taken
             * @example how-to-write-a-blog-post
             */
            slug?: string;
            seoTitle?: string | null;
            metaDescription?: string | null;
            focusKeyphrase?: string | null;
            status?: components["schemas"]["ArticleStatus"] & unknown;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *           "title": "Ten ways to brew coffee",
         *           "slug": "ten-ways-to-brew-coffee",
         *           "status": "PUBLISHED",
         *           "seoTitle": "Brewing coffee at home: ten ways",
         *           "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *           "focusKeyphrase": "brew coffee",
         *           "wordCount": 1240,
         *           "publishedAt": "2026-01-16T08:30:00.000Z",
         *           "createdAt": "2026-01-15T10:00:00.000Z",
         *           "updatedAt": "2026-01-16T08:30:00.000Z"
         *         }
         *       ],
         *       "nextCursor": "eyJhdCI6IjIwMjYtMDEtMTVUMTA6MDA6MDAuMDAwWiJ9"
         *     }
         */
        ArticlePage: {
            data: components["schemas"]["ArticleSummary"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /**
         * @description An article in a list: everything but `content` and `htmlContent` (fetch one article for those)
         * @example {
         *       "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *       "title": "Ten ways to brew coffee",
         *       "slug": "ten-ways-to-brew-coffee",
         *       "status": "PUBLISHED",
         *       "seoTitle": "Brewing coffee at home: ten ways",
         *       "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *       "focusKeyphrase": "brew coffee",
         *       "wordCount": 1240,
         *       "publishedAt": "2026-01-16T08:30:00.000Z",
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        ArticleSummary: {
            /** Format: uuid */
            id: string;
            title: string;
            slug: string;
            status: components["schemas"]["ArticleStatus"];
            seoTitle: string | null;
            metaDescription: string | null;
            focusKeyphrase: string | null;
            /** @description Words of the rendered text, not of the Markdown syntax */
            wordCount: number;
            /**
             * Format: date-time
             * @description Set the first time the status becomes PUBLISHED; kept after that
             */
            publishedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example {
         *       "title": "Eleven ways to brew coffee",
         *       "status": "PUBLISHED"
         *     }
         */
        UpdateArticleBody: {
            /** @example How to write a blog post */
            title?: string;
            /**
             * @description Markdown; raw HTML in it is shown as text, never rendered
             * @example # Intro
             *
             *     Hello.
             */
            content?: string;
            /**
             * @description 409 when another article has it
             * @example how-to-write-a-blog-post
             */
            slug?: string;
            seoTitle?: string | null;
            metaDescription?: string | null;
            focusKeyphrase?: string | null;
            status?: components["schemas"]["ArticleStatus"];
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *           "title": "Ten ways to brew coffee",
         *           "slug": "ten-ways-to-brew-coffee",
         *           "seoTitle": "Brewing coffee at home: ten ways",
         *           "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *           "wordCount": 1240,
         *           "publishedAt": "2026-01-16T08:30:00.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        PublicArticlePage: {
            data: components["schemas"]["PublicArticleSummary"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *       "title": "Ten ways to brew coffee",
         *       "slug": "ten-ways-to-brew-coffee",
         *       "seoTitle": "Brewing coffee at home: ten ways",
         *       "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *       "wordCount": 1240,
         *       "publishedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        PublicArticleSummary: {
            /** Format: uuid */
            id: string;
            title: string;
            slug: string;
            seoTitle: string | null;
            metaDescription: string | null;
            wordCount: number;
            /** Format: date-time */
            publishedAt: string;
        };
        /**
         * @example {
         *       "id": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *       "title": "Ten ways to brew coffee",
         *       "slug": "ten-ways-to-brew-coffee",
         *       "seoTitle": "Brewing coffee at home: ten ways",
         *       "metaDescription": "Ten ways to brew coffee at home, from French press to espresso.",
         *       "wordCount": 1240,
         *       "publishedAt": "2026-01-16T08:30:00.000Z",
         *       "focusKeyphrase": "brew coffee",
         *       "htmlContent": "<h2>French press</h2>\n<p>Coarse grind, four minutes.</p>\n",
         *       "author": {
         *         "name": "Ada Lovelace"
         *       }
         *     }
         */
        PublicArticle: {
            /** Format: uuid */
            id: string;
            title: string;
            slug: string;
            seoTitle: string | null;
            metaDescription: string | null;
            wordCount: number;
            /** Format: date-time */
            publishedAt: string;
            focusKeyphrase: string | null;
            /** @description Sanitised HTML */
            htmlContent: string;
            author: {
                name: string | null;
            };
        };
        /**
         * @example {
         *       "user": {
         *         "id": "5a0c1f2e-8b7d-4c3a-9e21-6f4d3b2a1c0e",
         *         "email": "ada@example.com",
         *         "name": "Ada Lovelace",
         *         "emailVerified": true,
         *         "createdAt": "2026-01-15T10:00:00.000Z",
         *         "updatedAt": "2026-01-16T08:30:00.000Z"
         *       }
         *     }
         */
        UserEnvelope: {
            user: components["schemas"]["User"];
        };
        /**
         * @example {
         *       "id": "5a0c1f2e-8b7d-4c3a-9e21-6f4d3b2a1c0e",
         *       "email": "ada@example.com",
         *       "name": "Ada Lovelace",
         *       "emailVerified": true,
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        User: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string | null;
            emailVerified: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "password": "correct horse battery staple",
         *       "name": "Ada Lovelace"
         *     }
         */
        RegisterBody: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * Format: password
             * @example correct horse battery
             */
            password: string;
            name?: string;
        };
        /**
         * @example {
         *       "token": "kq3VbX9yZ2mN8pR4tW6uA1cE5gJ7hL0o"
         *     }
         */
        VerifyEmailBody: {
            token: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com"
         *     }
         */
        ResendVerificationBody: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
        /**
         * @example {
         *       "accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1YTBjIn0.c2lnbmF0dXJl",
         *       "tokenType": "Bearer",
         *       "expiresIn": 3600,
         *       "user": {
         *         "id": "5a0c1f2e-8b7d-4c3a-9e21-6f4d3b2a1c0e",
         *         "email": "ada@example.com",
         *         "name": "Ada Lovelace",
         *         "emailVerified": true,
         *         "createdAt": "2026-01-15T10:00:00.000Z",
         *         "updatedAt": "2026-01-16T08:30:00.000Z"
         *       }
         *     }
         */
        LoginResponse: {
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Seconds until the access token expires */
            expiresIn: number;
            user: components["schemas"]["User"];
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "password": "correct horse battery staple"
         *     }
         */
        LoginBody: {
            /** Format: email */
            email: string;
            /** Format: password */
            password: string;
        };
        /**
         * @example {
         *       "currentPassword": "correct horse battery staple",
         *       "newPassword": "a longer passphrase of mine"
         *     }
         */
        ChangePasswordBody: {
            /** Format: password */
            currentPassword: string;
            /**
             * Format: password
             * @example correct horse battery
             */
            newPassword: string;
        };
        /**
         * @example {
         *       "name": "Ada King"
         *     }
         */
        UpdateMeBody: {
            /** @description null clears the name */
            name: string | null;
        };
        /**
         * @example {
         *       "password": "correct horse battery staple"
         *     }
         */
        DeleteMeBody: {
            /** Format: password */
            password: string;
        };
        /**
         * @example {
         *       "defaultProvider": "GEMINI",
         *       "focusKeyphrase": "brew coffee",
         *       "preferences": {
         *         "theme": "dark"
         *       },
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        Settings: {
            /** @enum {string} */
            defaultProvider: "GEMINI" | "OPENAI" | "ANTHROPIC" | "LLAMA";
            focusKeyphrase: string | null;
            preferences: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example {
         *       "defaultProvider": "ANTHROPIC",
         *       "preferences": {
         *         "theme": "dark"
         *       }
         *     }
         */
        UpdateSettingsBody: {
            /** @enum {string} */
            defaultProvider?: "GEMINI" | "OPENAI" | "ANTHROPIC" | "LLAMA";
            focusKeyphrase?: string | null;
            /** @description Replaces the stored object as a whole */
            preferences?: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "3f6b2d8e-1a4c-4e9b-8d7f-2c5a9e0b1d34",
         *           "provider": "OPENAI",
         *           "isActive": true,
         *           "isReadable": true,
         *           "maskedKey": "…x7Qa",
         *           "createdAt": "2026-01-15T10:00:00.000Z",
         *           "updatedAt": "2026-01-16T08:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        ApiKeyList: {
            data: components["schemas"]["ApiKey"][];
        };
        /**
         * @example {
         *       "id": "3f6b2d8e-1a4c-4e9b-8d7f-2c5a9e0b1d34",
         *       "provider": "OPENAI",
         *       "isActive": true,
         *       "isReadable": true,
         *       "maskedKey": "…x7Qa",
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        ApiKey: {
            /** Format: uuid */
            id: string;
            provider: components["schemas"]["Provider"];
            isActive: boolean;
            /** @description False when the stored value no longer decrypts (tampered, moved, or its encryption key removed); save the key again */
            isReadable: boolean;
            /**
             * @description An ellipsis and at most the last 4 characters (none for 8 or fewer); null when not readable
             * @example …wxyz
             */
            maskedKey: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example OPENAI
         * @enum {string}
         */
        Provider: "GEMINI" | "OPENAI" | "ANTHROPIC" | "LLAMA";
        /**
         * @example {
         *       "key": "sk-proj-0123456789abcdefx7Qa",
         *       "isActive": true
         *     }
         */
        PutApiKeyBody: {
            /**
             * @description The provider's secret key, 8..512 printable ASCII characters; write-only, never returned
             * @example sk-proj-0123456789abcdefghij
             */
            key: string;
            /** @description Defaults to true */
            isActive?: boolean;
        };
        /**
         * @example {
         *       "isActive": false
         *     }
         */
        UpdateApiKeyBody: {
            isActive: boolean;
        };
        /**
         * @example {
         *       "id": "9c8b7a65-4d3e-4f21-8a0b-1c2d3e4f5a6b",
         *       "articleId": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *       "type": "IMAGE",
         *       "provider": "OPENAI",
         *       "prompt": "A French press on a wooden table, morning light",
         *       "style": "photographic",
         *       "aspectRatio": "16:9",
         *       "url": "https://cdn.example.com/media/french-press.png",
         *       "metadata": {
         *         "width": 1792,
         *         "height": 1024
         *       },
         *       "createdAt": "2026-01-15T10:00:00.000Z"
         *     }
         */
        MediaAsset: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            articleId: string | null;
            type: components["schemas"]["MediaType"];
            provider: components["schemas"]["Provider"];
            prompt: string;
            style: string | null;
            aspectRatio: string | null;
            url: string | null;
            metadata: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            createdAt: string;
        };
        /**
         * @example IMAGE
         * @enum {string}
         */
        MediaType: "IMAGE" | "VIDEO" | "AUDIO";
        /**
         * @example {
         *       "type": "IMAGE",
         *       "provider": "OPENAI",
         *       "prompt": "A French press on a wooden table, morning light",
         *       "style": "photographic",
         *       "aspectRatio": "16:9",
         *       "articleId": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10"
         *     }
         */
        CreateMediaAssetBody: {
            type: components["schemas"]["MediaType"];
            provider: components["schemas"]["Provider"];
            prompt: string;
            style?: string;
            /** @example 16:9 */
            aspectRatio?: string;
            /** @example https://cdn.example.com/media/cover.png */
            url?: string;
            /** @description A JSON object of at most 16 KiB as UTF-8 JSON */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description One of your own articles
             */
            articleId?: string;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "9c8b7a65-4d3e-4f21-8a0b-1c2d3e4f5a6b",
         *           "articleId": "0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10",
         *           "type": "IMAGE",
         *           "provider": "OPENAI",
         *           "prompt": "A French press on a wooden table, morning light",
         *           "style": "photographic",
         *           "aspectRatio": "16:9",
         *           "url": "https://cdn.example.com/media/french-press.png",
         *           "metadata": {
         *             "width": 1792,
         *             "height": 1024
         *           },
         *           "createdAt": "2026-01-15T10:00:00.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        MediaAssetPage: {
            data: components["schemas"]["MediaAsset"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "url": "https://cdn.example.com/media/french-press.png"
         *     }
         */
        UpdateMediaAssetBody: {
            type?: components["schemas"]["MediaType"];
            provider?: components["schemas"]["Provider"];
            prompt?: string;
            style?: string | null;
            /** @example 16:9 */
            aspectRatio?: string | null;
            /** @example https://cdn.example.com/media/cover.png */
            url?: string | null;
            /** @description A JSON object of at most 16 KiB as UTF-8 JSON */
            metadata?: {
                [key: string]: unknown;
            } | null;
            /**
             * Format: uuid
             * @description One of your own articles; null detaches
             */
            articleId?: string | null;
        };
        /**
         * @example {
         *       "id": "2b4d6f80-1a3c-4e5f-9b7d-8c6a4e2f0d13",
         *       "query": "best coffee brewing methods",
         *       "summary": "Immersion (French press) and pour-over are the most forgiving at home.",
         *       "sources": [
         *         {
         *           "title": "Coffee brewing methods",
         *           "url": "https://example.com/brewing",
         *           "snippet": "Immersion and percolation…"
         *         }
         *       ],
         *       "cached": false,
         *       "createdAt": "2026-01-15T10:00:00.000Z"
         *     }
         */
        ResearchQuery: {
            /** Format: uuid */
            id: string;
            query: string;
            summary: string | null;
            sources: {
                [key: string]: unknown;
            }[] | null;
            /** @description True for a row recorded by a lookup hit */
            cached: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        /**
         * @example {
         *       "query": "best coffee brewing methods",
         *       "summary": "Immersion (French press) and pour-over are the most forgiving at home.",
         *       "sources": [
         *         {
         *           "title": "Coffee brewing methods",
         *           "url": "https://example.com/brewing",
         *           "snippet": "Immersion and percolation…"
         *         }
         *       ]
         *     }
         */
        CreateResearchQueryBody: {
            /** @example Best practices for technical SEO in 2026 */
            query: string;
            summary?: string;
            sources?: components["schemas"]["ResearchSource"][];
        };
        /**
         * @example {
         *       "title": "Coffee brewing methods",
         *       "url": "https://example.com/brewing",
         *       "snippet": "Immersion and percolation…"
         *     }
         */
        ResearchSource: {
            title?: string;
            url?: string;
            snippet?: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "2b4d6f80-1a3c-4e5f-9b7d-8c6a4e2f0d13",
         *           "query": "best coffee brewing methods",
         *           "summary": "Immersion (French press) and pour-over are the most forgiving at home.",
         *           "sources": [
         *             {
         *               "title": "Coffee brewing methods",
         *               "url": "https://example.com/brewing",
         *               "snippet": "Immersion and percolation…"
         *             }
         *           ],
         *           "cached": false,
         *           "createdAt": "2026-01-15T10:00:00.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        ResearchQueryPage: {
            data: components["schemas"]["ResearchQuery"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "7e2d9c41-5b8a-4f36-a1d0-3c9e8b7f6a52",
         *       "title": "Ten ways to brew coffee",
         *       "config": {
         *         "tone": "friendly",
         *         "provider": "GEMINI"
         *       },
         *       "metadata": {
         *         "seoTitle": "Brewing coffee at home: ten ways",
         *         "focusKeyphrase": "brew coffee"
         *       },
         *       "sections": [
         *         {
         *           "heading": "French press",
         *           "content": "Coarse grind, four minutes."
         *         }
         *       ],
         *       "ctaContent": "Subscribe for more.",
         *       "autosave": true,
         *       "version": 3,
         *       "createdAt": "2026-01-15T10:00:00.000Z",
         *       "updatedAt": "2026-01-16T08:30:00.000Z"
         *     }
         */
        Draft: {
            /** Format: uuid */
            id: string;
            title: string;
            config: {
                [key: string]: unknown;
            };
            metadata: {
                [key: string]: unknown;
            } | null;
            sections: {
                heading?: string;
                content: string;
            }[];
            ctaContent: string | null;
            autosave: boolean;
            /** @description Incremented on every write; the ETag is `"<version>"` */
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example {
         *       "title": "Ten ways to brew coffee",
         *       "config": {
         *         "tone": "friendly",
         *         "provider": "GEMINI"
         *       },
         *       "sections": [
         *         {
         *           "heading": "French press",
         *           "content": "Coarse grind, four minutes."
         *         }
         *       ],
         *       "metadata": {
         *         "seoTitle": "Brewing coffee at home: ten ways",
         *         "focusKeyphrase": "brew coffee"
         *       }
         *     }
         */
        CreateDraftBody: {
            /**
             * @description 1..300 characters
             * @example Ten ways to brew coffee
             */
            title: string;
            config: components["schemas"]["DraftConfig"];
            /** @description At most 200 sections */
            sections: components["schemas"]["DraftSection"][];
            metadata?: components["schemas"]["DraftMetadata"];
            /** @description Markdown appended after the sections on publish; at most 65536 characters */
            ctaContent?: string | null;
            /** @description Defaults to true */
            autosave?: boolean;
        };
        /**
         * @description Generation settings; a JSON object of at most 64 KiB
         * @example {}
         */
        DraftConfig: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "heading": "French press",
         *       "content": "Coarse grind, four minutes."
         *     }
         */
        DraftSection: {
            /** @description One line, at most 300 characters; published as `## heading` */
            heading?: string;
            /**
             * @description Markdown
             * @example Start with fresh beans.
             */
            content: string;
        };
        /**
         * @description A JSON object of at most 64 KiB; string `seoTitle`, `metaDescription` and `focusKeyphrase` carry over on publish
         * @example {}
         */
        DraftMetadata: {
            [key: string]: unknown;
        } | null;
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "7e2d9c41-5b8a-4f36-a1d0-3c9e8b7f6a52",
         *           "title": "Ten ways to brew coffee",
         *           "config": {
         *             "tone": "friendly",
         *             "provider": "GEMINI"
         *           },
         *           "metadata": {
         *             "seoTitle": "Brewing coffee at home: ten ways",
         *             "focusKeyphrase": "brew coffee"
         *           },
         *           "sections": [
         *             {
         *               "heading": "French press",
         *               "content": "Coarse grind, four minutes."
         *             }
         *           ],
         *           "ctaContent": "Subscribe for more.",
         *           "autosave": true,
         *           "version": 3,
         *           "createdAt": "2026-01-15T10:00:00.000Z",
         *           "updatedAt": "2026-01-16T08:30:00.000Z"
         *         }
         *       ],
         *       "nextCursor": "eyJhdCI6IjIwMjYtMDEtMTVUMTA6MDA6MDAuMDAwWiJ9"
         *     }
         */
        DraftPage: {
            data: components["schemas"]["Draft"][];
            /** @description Cursor of the next page; null on the last page */
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "sections": [
         *         {
         *           "heading": "French press",
         *           "content": "Coarse grind, four minutes."
         *         },
         *         {
         *           "content": "Pour-over: medium grind."
         *         }
         *       ]
         *     }
         */
        UpdateDraftBody: {
            /**
             * @description 1..300 characters
             * @example Ten ways to brew coffee
             */
            title?: string;
            config?: components["schemas"]["DraftConfig"];
            /** @description At most 200 sections */
            sections?: components["schemas"]["DraftSection"][];
            metadata?: components["schemas"]["DraftMetadata"];
            /** @description Markdown appended after the sections on publish; at most 65536 characters */
            ctaContent?: string | null;
            autosave?: boolean;
        };
        /**
         * @example {
         *       "slug": "ten-ways-to-brew-coffee",
         *       "keepDraft": false
         *     }
         */
        PublishDraftBody: {
            status?: components["schemas"]["ArticleStatus"] & unknown;
            /**
             * @description Generated from the title when absent; 409 when taken
             * @example how-to-write-a-blog-post
             */
            slug?: string;
            /** @description Keep the draft after publishing; defaults to false */
            keepDraft?: boolean;
        };
        /** @description An OpenAPI 3.1 document */
        OpenApiDocument: {
            /** @enum {string} */
            openapi: "3.1.0";
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description Invalid input: malformed JSON, JSON nested deeper than 32 levels, or fields that fail validation (`errors` names each) */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/validation-failed",
                 *       "title": "Validation failed",
                 *       "status": 400,
                 *       "detail": "The request body is not valid.",
                 *       "errors": [
                 *         {
                 *           "path": "email",
                 *           "message": "Invalid email address"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Missing, malformed, expired or revoked bearer token */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/unauthorized",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "A valid bearer token is required."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The password given does not match */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/forbidden",
                 *       "title": "Forbidden",
                 *       "status": 403,
                 *       "detail": "The password is wrong."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource (or it belongs to another user) */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/not-found",
                 *       "title": "Not found",
                 *       "status": 404,
                 *       "detail": "No article with that identifier."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Conflict with the current state, or the same Idempotency-Key is still running */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/conflict",
                 *       "title": "Conflict",
                 *       "status": 409,
                 *       "detail": "That slug is taken."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description If-Match does not match the current ETag */
        PreconditionFailed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/precondition-failed",
                 *       "title": "Precondition failed",
                 *       "status": 412,
                 *       "detail": "The resource changed since it was read (If-Match does not match)."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Body over the size limit */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/payload-too-large",
                 *       "title": "Payload too large",
                 *       "status": 413,
                 *       "detail": "The body is larger than 1048576 bytes."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Body is not application/json */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/unsupported-media-type",
                 *       "title": "Unsupported media type",
                 *       "status": 415,
                 *       "detail": "Send the body as application/json."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Idempotency-Key reused with a different body */
        UnprocessableContent: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/unprocessable",
                 *       "title": "Unprocessable content",
                 *       "status": 422,
                 *       "detail": "This Idempotency-Key was used with a different body."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limited; see Retry-After */
        TooManyRequests: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/rate-limited",
                 *       "title": "Too many requests",
                 *       "status": 429,
                 *       "detail": "Too many requests; retry later."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Unexpected server fault */
        InternalServerError: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/internal",
                 *       "title": "Internal server error",
                 *       "status": 500,
                 *       "detail": "An unexpected error occurred."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A dependency is unavailable or the request took too long; see Retry-After */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://finity.dev/problems/unavailable",
                 *       "title": "Service unavailable",
                 *       "status": 503,
                 *       "detail": "The database is unavailable; retry shortly."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description Echo of a well-formed incoming `X-Request-Id` (1..128 of `[A-Za-z0-9._:-]`), else a generated UUID
         * @example 6f1d8a2e-1c3b-4b7a-9a52-0c7c2e1f4b11
         */
        "X-Request-Id": string;
        /**
         * @description Strong validator of the representation, `"<version>"`; send it back in `If-Match` or `If-None-Match`
         * @example "3"
         */
        ETag: string;
        /**
         * @description Seconds to wait before retrying
         * @example 60
         */
        "Retry-After": number;
        /**
         * @description Requests allowed in the current window
         * @example 10
         */
        "RateLimit-Limit": number;
        /**
         * @description Requests left in the current window
         * @example 0
         */
        "RateLimit-Remaining": number;
        /**
         * @description Seconds until the current window resets
         * @example 540
         */
        "RateLimit-Reset": number;
        /**
         * @description The authentication scheme to use
         * @example Bearer
         */
        "WWW-Authenticate": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            500: components["responses"]["InternalServerError"];
            /** @description A dependency is down; `checks` names it */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listArticles: {
        parameters: {
            query?: {
                status?: components["schemas"]["ArticleStatus"];
                /** @description Full-text search of title and content (web-search syntax: "phrase", -not, or) */
                q?: string;
                /** @description Page size, 1..100 */
                limit?: number;
                /** @description Opaque cursor from the previous page’s `nextCursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of articles */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArticlePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createArticle: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key and body within 24 h replays the first response */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateArticleBody"];
            };
        };
        responses: {
            /** @description The created article */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getArticle: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag held by the client; 304 if current */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The article */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description The ETag in If-None-Match is current */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteArticle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateArticle: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version this change is based on */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateArticleBody"];
            };
        };
        responses: {
            /** @description The updated article */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPublicArticles: {
        parameters: {
            query?: {
                /** @description Page size, 1..100 */
                limit?: number;
                /** @description Opaque cursor from the previous page’s `nextCursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of published articles */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description From PUBLIC_CACHE_CONTROL */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicArticlePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPublicArticle: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag held by the client; 304 if current */
                "If-None-Match"?: string;
            };
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The published article */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    /** @description From PUBLIC_CACHE_CONTROL */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicArticle"];
                };
            };
            /** @description The ETag in If-None-Match is current */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    /** @description From PUBLIC_CACHE_CONTROL */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterBody"];
            };
        };
        responses: {
            /** @description The new account (not yet verified) */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyEmailLink: {
        parameters: {
            query: {
                /** @description The emailed token */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account, now with emailVerified: true */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailBody"];
            };
        };
        responses: {
            /** @description The account, now with emailVerified: true */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resendVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResendVerificationBody"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginBody"];
            };
        };
        responses: {
            /** @description An access token */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Unknown email or wrong password (one answer for both) */
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordBody"];
            };
        };
        responses: {
            /** @description Changed; sign in again */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteMeBody"];
            };
        };
        responses: {
            /** @description Deleted, with every article, draft, key, asset, query and setting */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeBody"];
            };
        };
        responses: {
            /** @description The account */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSettingsBody"];
            };
        };
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per stored provider key */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: components["schemas"]["Provider"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutApiKeyBody"];
            };
        };
        responses: {
            /** @description Replaced the key stored for that provider */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Stored a first key for that provider */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: components["schemas"]["Provider"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: components["schemas"]["Provider"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateApiKeyBody"];
            };
        };
        responses: {
            /** @description The updated key */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMediaAssets: {
        parameters: {
            query?: {
                type?: components["schemas"]["MediaType"];
                /** @description Only assets attached to this article */
                articleId?: string;
                /** @description Page size, 1..100 */
                limit?: number;
                /** @description Opaque cursor from the previous page’s `nextCursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of media assets */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaAssetPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createMediaAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key and body within 24 h replays the first response */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMediaAssetBody"];
            };
        };
        responses: {
            /** @description The new media asset */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaAsset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMediaAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The media asset */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaAsset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteMediaAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMediaAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMediaAssetBody"];
            };
        };
        responses: {
            /** @description The changed media asset */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaAsset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listResearchQueries: {
        parameters: {
            query?: {
                /** @description Case-insensitive substring of the query text */
                q?: string;
                /** @description Page size, 1..100 */
                limit?: number;
                /** @description Opaque cursor from the previous page’s `nextCursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of research queries */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResearchQueryPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createResearchQuery: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key and body within 24 h replays the first response */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateResearchQueryBody"];
            };
        };
        responses: {
            /** @description The stored research query */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResearchQuery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    lookupResearchQuery: {
        parameters: {
            query: {
                /** @description Matched after trimming and folding case and whitespace */
                query: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The row recorded for this hit, with `cached: true` */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResearchQuery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getResearchQuery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The research query */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResearchQuery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteResearchQuery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDrafts: {
        parameters: {
            query?: {
                /** @description Page size, 1..100 */
                limit?: number;
                /** @description Opaque cursor from the previous page’s `nextCursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of drafts */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createDraft: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key and body within 24 h replays the first response */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDraftBody"];
            };
        };
        responses: {
            /** @description The created draft */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draft"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getDraft: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag held by the client; 304 if current */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The draft */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draft"];
                };
            };
            /** @description The ETag in If-None-Match is current */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteDraft: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version this change is based on */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateDraft: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version this change is based on */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDraftBody"];
            };
        };
        responses: {
            /** @description The updated draft */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draft"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    publishDraft: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retrying with the same key and body within 24 h replays the first response */
                "Idempotency-Key"?: string;
                /** @description ETag of the version this change is based on */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description Send `{}` for the defaults */
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishDraftBody"];
            };
        };
        responses: {
            /** @description The article created from the draft */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    /** @description `/v1/articles/{id}` */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
