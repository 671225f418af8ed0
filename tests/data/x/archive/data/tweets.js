window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029905358261502168"
          ],
          "editableUntil": "2026-03-06T14:02:05.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Sama Hoole",
            "screen_name": "SamaHoole",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "2253756806",
            "id": "2253756806"
          }
        ],
        "urls": [
          {
            "url": "https://t.co/2UHqruPk7w",
            "expanded_url": "https://x.com/milahu104/status/2027739112069878026",
            "display_url": "x.com/milahu104/stat…",
            "indices": [
              "11",
              "34"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "34"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029903943413772741",
      "id_str": "2029905358261502168",
      "in_reply_to_user_id": "1964312974236991488",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029905358261502168",
      "in_reply_to_status_id": "2029903943413772741",
      "possibly_sensitive": false,
      "created_at": "Fri Mar 06 13:02:05 +0000 2026",
      "favorited": false,
      "full_text": "@SamaHoole https://t.co/2UHqruPk7w",
      "lang": "qme",
      "in_reply_to_screen_name": "milahu104",
      "in_reply_to_user_id_str": "1964312974236991488"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029905315156599088"
          ],
          "editableUntil": "2026-03-06T14:01:55.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Sama Hoole",
            "screen_name": "SamaHoole",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "2253756806",
            "id": "2253756806"
          }
        ],
        "urls": [
          {
            "url": "https://t.co/DINVl1FCfV",
            "expanded_url": "https://x.com/milahu104/status/2029903943413772741",
            "display_url": "x.com/milahu104/stat…",
            "indices": [
              "11",
              "34"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "34"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2027739112069878026",
      "id_str": "2029905315156599088",
      "in_reply_to_user_id": "1964312974236991488",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029905315156599088",
      "in_reply_to_status_id": "2027739112069878026",
      "possibly_sensitive": false,
      "created_at": "Fri Mar 06 13:01:55 +0000 2026",
      "favorited": false,
      "full_text": "@SamaHoole https://t.co/DINVl1FCfV",
      "lang": "qme",
      "in_reply_to_screen_name": "milahu104",
      "in_reply_to_user_id_str": "1964312974236991488"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029903943413772741"
          ],
          "editableUntil": "2026-03-06T13:56:28.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "user_mentions": [
          {
            "name": "Sama Hoole",
            "screen_name": "SamaHoole",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "2253756806",
            "id": "2253756806"
          }
        ],
        "urls": [],
        "symbols": [],
        "media": [
          {
            "expanded_url": "https://x.com/milahu104/status/2029903943413772741/photo/1",
            "indices": [
              "60",
              "83"
            ],
            "url": "https://t.co/xwv9AIBVy4",
            "media_url": "http://pbs.twimg.com/media/HCuq2zDboAAKHUC.jpg",
            "id_str": "2029903915454799872",
            "id": "2029903915454799872",
            "media_url_https": "https://pbs.twimg.com/media/HCuq2zDboAAKHUC.jpg",
            "sizes": {
              "small": {
                "w": "680",
                "h": "453",
                "resize": "fit"
              },
              "large": {
                "w": "1536",
                "h": "1024",
                "resize": "fit"
              },
              "medium": {
                "w": "1200",
                "h": "800",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              }
            },
            "type": "photo",
            "display_url": "pic.x.com/xwv9AIBVy4"
          }
        ],
        "hashtags": []
      },
      "display_text_range": [
        "0",
        "83"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029892515050991732",
      "id_str": "2029903943413772741",
      "in_reply_to_user_id": "2253756806",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029903943413772741",
      "in_reply_to_status_id": "2029892515050991732",
      "possibly_sensitive": false,
      "created_at": "Fri Mar 06 12:56:28 +0000 2026",
      "favorited": false,
      "full_text": "@SamaHoole Doctor: Try to eat some vegetables.\n\nSama Hoole: https://t.co/xwv9AIBVy4",
      "lang": "en",
      "in_reply_to_screen_name": "SamaHoole",
      "in_reply_to_user_id_str": "2253756806",
      "extended_entities": {
        "media": [
          {
            "expanded_url": "https://x.com/milahu104/status/2029903943413772741/photo/1",
            "indices": [
              "60",
              "83"
            ],
            "url": "https://t.co/xwv9AIBVy4",
            "media_url": "http://pbs.twimg.com/media/HCuq2zDboAAKHUC.jpg",
            "id_str": "2029903915454799872",
            "id": "2029903915454799872",
            "media_url_https": "https://pbs.twimg.com/media/HCuq2zDboAAKHUC.jpg",
            "sizes": {
              "small": {
                "w": "680",
                "h": "453",
                "resize": "fit"
              },
              "large": {
                "w": "1536",
                "h": "1024",
                "resize": "fit"
              },
              "medium": {
                "w": "1200",
                "h": "800",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              }
            },
            "type": "photo",
            "display_url": "pic.x.com/xwv9AIBVy4"
          }
        ]
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029899376470949893"
          ],
          "editableUntil": "2026-03-06T13:38:19.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Beatrice Achterberg",
            "screen_name": "BeaBovary",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "1430506714131058697",
            "id": "1430506714131058697"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "68"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029848005222838703",
      "id_str": "2029899376470949893",
      "in_reply_to_user_id": "1430506714131058697",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029899376470949893",
      "in_reply_to_status_id": "2029848005222838703",
      "created_at": "Fri Mar 06 12:38:19 +0000 2026",
      "favorited": false,
      "full_text": "@BeaBovary das \"haha ihr seid zu schwach für revolution\" gesetz 2026",
      "lang": "de",
      "in_reply_to_screen_name": "BeaBovary",
      "in_reply_to_user_id_str": "1430506714131058697"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029881770624143742"
          ],
          "editableUntil": "2026-03-06T12:28:22.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "„Plagiatsjäger“",
            "screen_name": "SprachPhilo",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "1521510797628915712",
            "id": "1521510797628915712"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "15"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029861578569285708",
      "id_str": "2029881770624143742",
      "in_reply_to_user_id": "1521510797628915712",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029881770624143742",
      "in_reply_to_status_id": "2029861578569285708",
      "created_at": "Fri Mar 06 11:28:22 +0000 2026",
      "favorited": false,
      "full_text": "@SprachPhilo ja",
      "lang": "und",
      "in_reply_to_screen_name": "SprachPhilo",
      "in_reply_to_user_id_str": "1521510797628915712"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029612798058148140"
          ],
          "editableUntil": "2026-03-05T18:39:34.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Kim Dotcom",
            "screen_name": "KimDotcom",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "611986351",
            "id": "611986351"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "65"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029433085998317711",
      "id_str": "2029612798058148140",
      "in_reply_to_user_id": "611986351",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029612798058148140",
      "in_reply_to_status_id": "2029433085998317711",
      "created_at": "Thu Mar 05 17:39:34 +0000 2026",
      "favorited": false,
      "full_text": "@KimDotcom &gt; X is censored\n\nall clearnet services are censored",
      "lang": "en",
      "in_reply_to_screen_name": "KimDotcom",
      "in_reply_to_user_id_str": "611986351"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029604193200152772"
          ],
          "editableUntil": "2026-03-05T18:05:22.538Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "user_mentions": [
          {
            "name": "Stephan Palm",
            "screen_name": "StephanRPalm",
            "indices": [
              "3",
              "16"
            ],
            "id_str": "1750816407195959296",
            "id": "1750816407195959296"
          },
          {
            "name": "CDU Deutschlands",
            "screen_name": "CDU",
            "indices": [
              "18",
              "22"
            ],
            "id_str": "20429858",
            "id": "20429858"
          }
        ],
        "urls": [],
        "symbols": [],
        "media": [
          {
            "expanded_url": "https://x.com/StephanRPalm/status/2029498595309715652/photo/1",
            "source_status_id": "2029498595309715652",
            "indices": [
              "77",
              "100"
            ],
            "url": "https://t.co/en3wgkcbae",
            "media_url": "http://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "id_str": "2029498041577979904",
            "source_user_id": "1750816407195959296",
            "id": "2029498041577979904",
            "media_url_https": "https://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "source_user_id_str": "1750816407195959296",
            "sizes": {
              "small": {
                "w": "542",
                "h": "680",
                "resize": "fit"
              },
              "large": {
                "w": "718",
                "h": "900",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              },
              "medium": {
                "w": "718",
                "h": "900",
                "resize": "fit"
              }
            },
            "type": "photo",
            "source_status_id_str": "2029498595309715652",
            "display_url": "pic.x.com/en3wgkcbae"
          }
        ],
        "hashtags": []
      },
      "display_text_range": [
        "0",
        "100"
      ],
      "favorite_count": "0",
      "id_str": "2029604193200152772",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029604193200152772",
      "possibly_sensitive": false,
      "created_at": "Thu Mar 05 17:05:22 +0000 2026",
      "favorited": false,
      "full_text": "RT @StephanRPalm: @CDU Das hier ist der Grund für die schwindende Akzeptanz. https://t.co/en3wgkcbae",
      "lang": "de",
      "extended_entities": {
        "media": [
          {
            "expanded_url": "https://x.com/StephanRPalm/status/2029498595309715652/photo/1",
            "source_status_id": "2029498595309715652",
            "indices": [
              "77",
              "100"
            ],
            "url": "https://t.co/en3wgkcbae",
            "media_url": "http://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "id_str": "2029498041577979904",
            "source_user_id": "1750816407195959296",
            "id": "2029498041577979904",
            "media_url_https": "https://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "source_user_id_str": "1750816407195959296",
            "sizes": {
              "small": {
                "w": "542",
                "h": "680",
                "resize": "fit"
              },
              "large": {
                "w": "718",
                "h": "900",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              },
              "medium": {
                "w": "718",
                "h": "900",
                "resize": "fit"
              }
            },
            "type": "photo",
            "source_status_id_str": "2029498595309715652",
            "display_url": "pic.x.com/en3wgkcbae"
          }
        ]
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029601734373351770"
          ],
          "editableUntil": "2026-03-05T17:55:36.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Schöne Helene",
            "screen_name": "0Schone",
            "indices": [
              "0",
              "8"
            ],
            "id_str": "1288903070974390273",
            "id": "1288903070974390273"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "82"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029281257675186441",
      "id_str": "2029601734373351770",
      "in_reply_to_user_id": "1288903070974390273",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029601734373351770",
      "in_reply_to_status_id": "2029281257675186441",
      "created_at": "Thu Mar 05 16:55:36 +0000 2026",
      "favorited": false,
      "full_text": "@0Schone irgendwie müssen wir ja die 95% nutzlosen esser loswerden.\nbessere ideen?",
      "lang": "de",
      "in_reply_to_screen_name": "0Schone",
      "in_reply_to_user_id_str": "1288903070974390273"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029601030837584093"
          ],
          "editableUntil": "2026-03-05T17:52:48.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Dushan Wegner",
            "screen_name": "dushanwegner",
            "indices": [
              "0",
              "13"
            ],
            "id_str": "14784064",
            "id": "14784064"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "76"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029195403418038325",
      "id_str": "2029601030837584093",
      "in_reply_to_user_id": "14784064",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029601030837584093",
      "in_reply_to_status_id": "2029195403418038325",
      "created_at": "Thu Mar 05 16:52:48 +0000 2026",
      "favorited": false,
      "full_text": "@dushanwegner &gt; Wie kam es eigentlich dazu?\n\npazifismus und übervölkerung",
      "lang": "de",
      "in_reply_to_screen_name": "dushanwegner",
      "in_reply_to_user_id_str": "14784064"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029594389937328430"
          ],
          "editableUntil": "2026-03-05T17:26:25.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Tobias Ulbrich",
            "screen_name": "AnwaltUlbrich",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "544397208",
            "id": "544397208"
          }
        ],
        "urls": [
          {
            "url": "https://t.co/HnZtwP5fPJ",
            "expanded_url": "https://en.wikipedia.org/wiki/International_Jewish_conspiracy",
            "display_url": "en.wikipedia.org/wiki/Internati…",
            "indices": [
              "47",
              "70"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "70"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029523219992965279",
      "id_str": "2029594389937328430",
      "in_reply_to_user_id": "544397208",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029594389937328430",
      "in_reply_to_status_id": "2029523219992965279",
      "possibly_sensitive": false,
      "created_at": "Thu Mar 05 16:26:25 +0000 2026",
      "favorited": false,
      "full_text": "@AnwaltUlbrich bei israel hört der spaß auf...\nhttps://t.co/HnZtwP5fPJ",
      "lang": "de",
      "in_reply_to_screen_name": "AnwaltUlbrich",
      "in_reply_to_user_id_str": "544397208"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029594138174210129"
          ],
          "editableUntil": "2026-03-05T17:25:25.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Dominik Kettner",
            "screen_name": "Dominik_Kettner",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "782506632",
            "id": "782506632"
          }
        ],
        "urls": [
          {
            "url": "https://t.co/7nCADsEZPz",
            "expanded_url": "https://x.com/MaxBlumenthal/status/2029326915606089865",
            "display_url": "x.com/MaxBlumenthal/…",
            "indices": [
              "17",
              "40"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "40"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "2029474547875840042",
      "id_str": "2029594138174210129",
      "in_reply_to_user_id": "782506632",
      "truncated": false,
      "retweet_count": "1",
      "id": "2029594138174210129",
      "in_reply_to_status_id": "2029474547875840042",
      "possibly_sensitive": false,
      "created_at": "Thu Mar 05 16:25:25 +0000 2026",
      "favorited": false,
      "full_text": "@Dominik_Kettner https://t.co/7nCADsEZPz",
      "lang": "qme",
      "in_reply_to_screen_name": "Dominik_Kettner",
      "in_reply_to_user_id_str": "782506632"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029590011872456887"
          ],
          "editableUntil": "2026-03-05T17:09:01.446Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Max Blumenthal",
            "screen_name": "MaxBlumenthal",
            "indices": [
              "3",
              "17"
            ],
            "id_str": "53789862",
            "id": "53789862"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "140"
      ],
      "favorite_count": "0",
      "id_str": "2029590011872456887",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029590011872456887",
      "created_at": "Thu Mar 05 16:09:01 +0000 2026",
      "favorited": false,
      "full_text": "RT @MaxBlumenthal: Former US Marine Sgt Brian McGinnis as he’s dragged out of Congress:\n\n“No one wants to fight for Israel!”\n\nSen. Tim Shee…",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029589715347780006"
          ],
          "editableUntil": "2026-03-05T17:07:50.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [
          {
            "text": "noonewantstofightforisrael",
            "indices": [
              "49",
              "76"
            ]
          }
        ],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Dominik Kettner",
            "screen_name": "Dominik_Kettner",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "782506632",
            "id": "782506632"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "76"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029474547875840042",
      "id_str": "2029589715347780006",
      "in_reply_to_user_id": "782506632",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029589715347780006",
      "in_reply_to_status_id": "2029474547875840042",
      "created_at": "Thu Mar 05 16:07:50 +0000 2026",
      "favorited": false,
      "full_text": "@Dominik_Kettner noone wants to fight for israel #noonewantstofightforisrael",
      "lang": "en",
      "in_reply_to_screen_name": "Dominik_Kettner",
      "in_reply_to_user_id_str": "782506632"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029578789919862967"
          ],
          "editableUntil": "2026-03-05T16:24:25.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Wide Awake Media",
            "screen_name": "wideawake_media",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "1529763962094596097",
            "id": "1529763962094596097"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "66"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029467417852678418",
      "id_str": "2029578789919862967",
      "in_reply_to_user_id": "1529763962094596097",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029578789919862967",
      "in_reply_to_status_id": "2029467417852678418",
      "created_at": "Thu Mar 05 15:24:25 +0000 2026",
      "favorited": false,
      "full_text": "@wideawake_media just another reminder that most people are idiots",
      "lang": "en",
      "in_reply_to_screen_name": "wideawake_media",
      "in_reply_to_user_id_str": "1529763962094596097"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029572598258860503"
          ],
          "editableUntil": "2026-03-05T15:59:49.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Roland Tichy",
            "screen_name": "RolandTichy",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "19962363",
            "id": "19962363"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "166"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029218500066078977",
      "id_str": "2029572598258860503",
      "in_reply_to_user_id": "19962363",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029572598258860503",
      "in_reply_to_status_id": "2029218500066078977",
      "created_at": "Thu Mar 05 14:59:49 +0000 2026",
      "favorited": false,
      "full_text": "@RolandTichy &gt; heute \"Tribalismus\"\n\nechter tribalismus hat auch physische segregation von verschiedenen stämmen.\nschön wärs! NRW den moslems, sachsen den deutschen",
      "lang": "de",
      "in_reply_to_screen_name": "RolandTichy",
      "in_reply_to_user_id_str": "19962363"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029571379259969609"
          ],
          "editableUntil": "2026-03-05T15:54:59.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Cary Kelly",
            "screen_name": "CaryKelly11",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "1128430399376502784",
            "id": "1128430399376502784"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "108"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029166137519301070",
      "id_str": "2029571379259969609",
      "in_reply_to_user_id": "1128430399376502784",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029571379259969609",
      "in_reply_to_status_id": "2029166137519301070",
      "created_at": "Thu Mar 05 14:54:59 +0000 2026",
      "favorited": false,
      "full_text": "@CaryKelly11 Forced therapy is a \"necessary evil\", necessary to break initial resistance to positive change.",
      "lang": "en",
      "in_reply_to_screen_name": "CaryKelly11",
      "in_reply_to_user_id_str": "1128430399376502784"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029561012765028796"
          ],
          "editableUntil": "2026-03-05T15:13:47.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "🇩🇪 𝙃𝙖𝙣𝙣𝙨 𝙅. 𝘽𝙖𝙪𝙢 🇩🇪",
            "screen_name": "JoachimBaum2",
            "indices": [
              "0",
              "13"
            ],
            "id_str": "849996519457640448",
            "id": "849996519457640448"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "105"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029470753205178663",
      "id_str": "2029561012765028796",
      "in_reply_to_user_id": "849996519457640448",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029561012765028796",
      "in_reply_to_status_id": "2029470753205178663",
      "created_at": "Thu Mar 05 14:13:47 +0000 2026",
      "favorited": false,
      "full_text": "@JoachimBaum2 \"wir sind schon glücklich wenn wir nur eine sekunde länger leben als die rechten.\" -- linke",
      "lang": "de",
      "in_reply_to_screen_name": "JoachimBaum2",
      "in_reply_to_user_id_str": "849996519457640448"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029552188830163050"
          ],
          "editableUntil": "2026-03-05T14:38:43.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "OberesProzent",
            "screen_name": "OberesProzent",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "1492551221672042501",
            "id": "1492551221672042501"
          },
          {
            "name": "Frauke Petry",
            "screen_name": "FraukePetry",
            "indices": [
              "15",
              "27"
            ],
            "id_str": "1273010575",
            "id": "1273010575"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "99"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029550358016540854",
      "id_str": "2029552188830163050",
      "in_reply_to_user_id": "1492551221672042501",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029552188830163050",
      "in_reply_to_status_id": "2029550358016540854",
      "created_at": "Thu Mar 05 13:38:43 +0000 2026",
      "favorited": false,
      "full_text": "@OberesProzent @FraukePetry ach so, du bestehst nicht mal den einfachsten intelligenztest. na dann!",
      "lang": "de",
      "in_reply_to_screen_name": "OberesProzent",
      "in_reply_to_user_id_str": "1492551221672042501"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029545726825447729"
          ],
          "editableUntil": "2026-03-05T14:13:03.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Eddie Graf",
            "screen_name": "Eddie_1412",
            "indices": [
              "0",
              "11"
            ],
            "id_str": "24363209",
            "id": "24363209"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "80"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029537495788994759",
      "id_str": "2029545726825447729",
      "in_reply_to_user_id": "24363209",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029545726825447729",
      "in_reply_to_status_id": "2029537495788994759",
      "created_at": "Thu Mar 05 13:13:03 +0000 2026",
      "favorited": false,
      "full_text": "@Eddie_1412 \"immer noch besser als die AFD\"\n\nanti AFD limbo: how low can you go?",
      "lang": "en",
      "in_reply_to_screen_name": "Eddie_1412",
      "in_reply_to_user_id_str": "24363209"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029544958567309314"
          ],
          "editableUntil": "2026-03-05T14:09:59.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Shira S , MD",
            "screen_name": "RealSHIRA",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "891960691871154176",
            "id": "891960691871154176"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "66"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029400249882583205",
      "id_str": "2029544958567309314",
      "in_reply_to_user_id": "891960691871154176",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029544958567309314",
      "in_reply_to_status_id": "2029400249882583205",
      "created_at": "Thu Mar 05 13:09:59 +0000 2026",
      "favorited": false,
      "full_text": "@RealSHIRA provokation, aggression, sublimation, profit. nix neues",
      "lang": "en",
      "in_reply_to_screen_name": "RealSHIRA",
      "in_reply_to_user_id_str": "891960691871154176"
    }
  }
]